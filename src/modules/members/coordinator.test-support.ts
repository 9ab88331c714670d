import type { Database } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { type IdGenerator, randomIds } from '../../shared/ids.ts';
import { importAddressFile } from '../geography/address-import.usecases.ts';
import { createAddressesRepository } from '../geography/addresses.repository.ts';
import type { AreaGeometry } from '../geography/geometry.models.ts';
import { createNetworkAreasRepository } from '../networks/network-areas.repository.ts';
import { recomputeNetworkAddresses } from '../networks/network-assignment.usecases.ts';
import { createNetworksRepository } from '../networks/networks.repository.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';
import type { ContactKind, MembershipStatus } from './members.models.ts';

const SAMPLE = new URL('../../../samples/best-address-demo.csv', import.meta.url).pathname;

function box(minLon: number, minLat: number, maxLon: number, maxLat: number): AreaGeometry {
  return { type: 'Polygon', coordinates: [[[minLon, minLat], [maxLon, minLat], [maxLon, maxLat], [minLon, maxLat], [minLon, minLat]]] };
}

export type CoordinatorWorld = { zoneId: string; networkA: string; networkB: string };

/**
 * The shipped BeSt sample (Heidebeek, 3079) plus two French-named addresses (1300 Wavre, placed
 * on Kerkstraat for the test), one zone, network A around Kerkstraat and network B around
 * Stationsstraat, with their addresses assigned.
 */
export async function seedCoordinatorWorld(database: Database, clock: Clock, ids: IdGenerator = randomIds): Promise<CoordinatorWorld> {
  const now = clock.now();
  const zoneId = ids.id();
  await createZonesRepository({ database }).insert({ id: zoneId, code: `PZ-${zoneId.slice(0, 6)}`, name: 'PZ Heidebeek', languages: ['nl', 'fr'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
  await importAddressFile({ file: SAMPLE, database, clock, ids, force: true });
  const french = [5, 7].map((n) => ({
    bestId: `test:eglise-${n}`,
    streetNl: null,
    streetFr: "Rue de l'Église",
    streetDe: null,
    houseNumber: String(n),
    box: null,
    postcode: '1300',
    municipalityNl: null,
    municipalityFr: 'Wavre',
    municipalityDe: null,
    lat: 50.879,
    lon: 4.527 + n / 10_000,
    status: 'current',
  }));
  await createAddressesRepository({ database }).upsertMany(french, { ids, now });
  const networks = createNetworksRepository({ database });
  const areas = createNetworkAreasRepository({ database });
  const networkA = ids.id();
  const networkB = ids.id();
  await networks.insert({ id: networkA, zoneId, code: '1', name: 'BIN Kerkstraat', kind: 'residential', description: '', status: 'active', now });
  await networks.insert({ id: networkB, zoneId, code: '2', name: 'BIN Stationsstraat', kind: 'residential', description: '', status: 'active', now });
  await areas.replaceAreas(networkA, [{ id: ids.id(), geometry: box(4.5245, 50.87875, 4.5355, 50.87925) }], now);
  await areas.replaceAreas(networkB, [{ id: ids.id(), geometry: box(4.529, 50.8725, 4.531, 50.8784) }], now);
  for (const networkId of [networkA, networkB]) await recomputeNetworkAddresses({ database, clock, ids, networkId });
  return { zoneId, networkA, networkB };
}

export type MemberSeed = {
  networkId: string;
  zoneId: string;
  firstName: string;
  lastName: string;
  language?: string;
  status?: MembershipStatus;
  consent?: boolean;
  redChannels?: string[];
  greenChannels?: string[];
  contacts?: Array<{ kind: ContactKind; value: string; verified?: boolean }>;
  address?: { street: string; houseNumber: string; box?: string | null; postcode: string; municipality: string };
  source?: 'self' | 'import';
};

/** One member with a membership in one network, written straight into the tables. Returns the person id. */
export async function insertMember(database: Database, now: number, seed: MemberSeed, ids: IdGenerator = randomIds): Promise<string> {
  const personId = ids.id();
  const { db } = database;
  await db
    .insertInto('people')
    .values({
      id: personId,
      zone_id: seed.zoneId,
      first_name: seed.firstName,
      last_name: seed.lastName,
      language: seed.language ?? 'nl',
      red_channels: JSON.stringify(seed.redChannels ?? ['voice']),
      green_channels: JSON.stringify(seed.greenChannels ?? ['email']),
      quiet_from: null,
      quiet_until: null,
      pause_from: null,
      pause_until: null,
      consent_version: seed.consent === false ? null : 1,
      consent_at: seed.consent === false ? null : now,
      source: seed.source ?? 'self',
      invited_at: null,
      erased_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const address = seed.address ?? { street: 'Kerkstraat', houseNumber: '1', postcode: '3079', municipality: 'Heidebeek' };
  await db
    .insertInto('person_addresses')
    .values({ id: ids.id(), person_id: personId, kind: 'home', address_id: null, street: address.street, house_number: address.houseNumber, box: address.box ?? null, postcode: address.postcode, municipality: address.municipality, lat: null, lon: null })
    .execute();
  for (const contact of seed.contacts ?? []) {
    await db
      .insertInto('contact_points')
      .values({ id: ids.id(), person_id: personId, kind: contact.kind, value: contact.value, verified_at: contact.verified === false ? null : now, code_hash: null, code_expires_at: null, code_attempts: 0, stopped_at: null, created_at: now })
      .execute();
  }
  await db
    .insertInto('memberships')
    .values({ id: ids.id(), person_id: personId, network_id: seed.networkId, status: seed.status ?? 'active', reason: null, decided_by: null, notified_at: now, created_at: now, updated_at: now })
    .execute();
  return personId;
}

/** A multipart/form-data body with text fields and one file, as a browser sends the upload form. */
export function multipartBody(fields: Record<string, string>, file?: { name: string; filename: string; data: Buffer; type?: string }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----waakzaamtest7f3a';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
