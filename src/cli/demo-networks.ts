import { fileURLToPath } from 'node:url';
import type { App } from '../app.ts';
import { inTransaction } from '../db/database.ts';
import type { AuditActor } from '../modules/audit/audit.usecases.ts';
import { importAddressFile } from '../modules/geography/address-import.usecases.ts';
import type { AreaGeometry } from '../modules/geography/geometry.models.ts';
import type { NetworkStreet } from '../modules/networks/network-areas.models.ts';
import { recomputeWithin } from '../modules/networks/network-assignment.usecases.ts';
import type { NetworkKind } from '../modules/networks/networks.models.ts';
import { networkRepositories } from '../modules/networks/networks.usecases.ts';
import type { DemoStepResult } from './demo.ts';

/**
 * The demo's networks in PZ Demo, drawn over the shipped BeSt-Address sample (the invented
 * Heidebeek, 3079): two with a drawn area, one with a street list and a buffer street.
 */
const DEMO_BY: AuditActor = { actor: null, label: 'waakzaam demo' };

export const DEMO_ADDRESS_FILE = fileURLToPath(new URL('../../samples/best-address-demo.csv', import.meta.url));

const rectangle = (west: number, south: number, east: number, north: number): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
});

type DemoCoordinator = { email: string; name: string; locale: 'nl' | 'fr' };
type DemoNetwork = { code: string; name: string; kind: NetworkKind; description: string; areas: AreaGeometry[]; streets: Array<Omit<NetworkStreet, 'id'>>; coordinator?: DemoCoordinator };

export const DEMO_NETWORKS: readonly DemoNetwork[] = [
  {
    code: '101',
    name: 'BIN Kerkstraat',
    kind: 'residential',
    description: 'De bewoners van Kerkstraat 1 tot 50, rond de kerk van Heidebeek.',
    areas: [rectangle(4.5245, 50.8786, 4.53, 50.8794)],
    streets: [],
    coordinator: { email: 'jan.peeters@demo.example.org', name: 'Jan Peeters', locale: 'nl' },
  },
  {
    code: '102',
    name: 'BIN Stationskwartier',
    kind: 'residential',
    description: 'Stationsstraat en Émile Verhaerenlaan.',
    areas: [rectangle(4.5294, 50.8745, 4.5386, 50.8788)],
    streets: [],
    coordinator: { email: 'marie.dubois@demo.example.org', name: 'Marie Dubois', locale: 'fr' },
  },
  {
    code: '103',
    name: 'BIN-Z Molenveld',
    kind: 'business',
    description: 'Zelfstandigen en handelaars van de Molenveldlaan.',
    areas: [],
    streets: [
      { street: 'Molenveldlaan', postcode: '3079', from: 1, to: 40, parity: 'all', buffer: false },
      { street: 'Kerkstraat', postcode: '3079', from: 90, to: 100, parity: 'all', buffer: true },
    ],
  },
];

/** The zone admin of PZ Demo (see DEMO_STAFF) is the mandated officer of every demo network. */
const DEMO_OFFICER_EMAIL = 'bin-officer@demo.example.org';

async function importSampleAddresses(app: App): Promise<number> {
  const report = await importAddressFile({ file: DEMO_ADDRESS_FILE, database: app.database, clock: app.clock, ids: app.ids, audit: { log: app.auditLog, label: DEMO_BY.label! } });
  return report.outcome === 'already_done' ? 0 : 1;
}

async function createDemoNetwork(app: App, zoneId: string, demo: DemoNetwork): Promise<void> {
  await inTransaction(app.database, async (trx) => {
    const { networks, areas, accounts, audit } = networkRepositories(trx, app.clock);
    const now = app.clock.now();
    const id = app.ids.id();
    await networks.insert({ id, zoneId, code: demo.code, name: demo.name, kind: demo.kind, description: demo.description, status: 'proposed', now });
    await networks.changeStatus({ id: app.ids.id(), networkId: id, from: null, to: 'proposed', reason: '', actorId: null, now });
    await networks.changeStatus({ id: app.ids.id(), networkId: id, from: 'proposed', to: 'active', reason: '', actorId: null, now });
    await audit.record(DEMO_BY, { action: 'network.created', objectType: 'network', objectId: id, zoneId, details: { code: demo.code, name: demo.name, demo: true } });
    await areas.replaceAreas(id, demo.areas.map((geometry) => ({ id: app.ids.id(), geometry })), now);
    await areas.replaceStreets(id, demo.streets.map((street) => ({ ...street, id: app.ids.id() })), now);
    const summary = await recomputeWithin(trx, { clock: app.clock, ids: app.ids, networkId: id, actorId: null });
    await audit.record(DEMO_BY, { action: 'network.area_changed', objectType: 'network', objectId: id, zoneId, details: { entered: summary.entered, demo: true } });
    const officer = await accounts.findByEmail(DEMO_OFFICER_EMAIL);
    if (officer) await networks.addPerson({ networkId: id, accountId: officer.id, role: 'officer', now });
    if (demo.coordinator) {
      // A citizen account without password: the demo shows the first name on the join page.
      const existing = await accounts.findByEmail(demo.coordinator.email);
      const accountId = existing?.id ?? app.ids.id();
      if (!existing) await accounts.insert({ id: accountId, email: demo.coordinator.email, name: demo.coordinator.name, locale: demo.coordinator.locale, now });
      await networks.addPerson({ networkId: id, accountId, role: 'coordinator', now });
      await accounts.insertGrant({ id: app.ids.id(), account_id: accountId, role: 'coordinator', zone_id: null, dispatch_centre_id: null, network_id: id, granted_by: null, now });
    }
    await audit.record(DEMO_BY, { action: 'network.person_appointed', objectType: 'network', objectId: id, zoneId, details: { officer: officer?.id ?? null, coordinator: demo.coordinator?.email ?? null, demo: true } });
  });
}

/** Audit entries the step writes on an empty installation: the address import, then three per network. */
export const DEMO_NETWORKS_AUDIT_ENTRIES = 1 + 3 * DEMO_NETWORKS.length;

/**
 * Imports the address sample (once: a finished file is not imported again) and founds the demo
 * networks that do not exist yet, each active, with its area or street list and its addresses.
 */
export async function loadDemoNetworks(app: App): Promise<DemoStepResult> {
  const zone = await app.zones.findByCode('DEMO');
  if (!zone) return { created: 0 };
  let created = await importSampleAddresses(app);
  for (const demo of DEMO_NETWORKS) {
    if (await app.networks.findByZoneAndCode(zone.id, demo.code)) continue;
    await createDemoNetwork(app, zone.id, demo);
    created += 1;
  }
  return { created };
}
