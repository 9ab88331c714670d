import { unlessTaken } from '../../db/constraint-errors.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { type Actor, assertCan, zonesFor } from '../accounts/authorization.models.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditActor, createAuditLog } from '../audit/audit.usecases.ts';
import { type DispatchCentre, type Zone, type ZonesRepository, createZonesRepository } from './zones.repository.ts';
import type { DispatchCentreInput, ZoneInput } from './zones.schemas.ts';

type Deps = { database: Database; clock: Clock; ids: IdGenerator; by: AuditActor };

const zoneNotFound = () => new AppError({ code: 'zones.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
const codeTaken = () => new AppError({ code: 'zones.code_taken', kind: 'conflict', messageKey: 'zones.codeTaken' });

/** Opens a transaction with the repositories a zone change needs, its audit entry included. */
function withZoneTransaction<T>(database: Database, clock: Clock, work: (repos: { zones: ZonesRepository; audit: ReturnType<typeof createAuditLog> }) => Promise<T>) {
  return inTransaction(database, (trx) => work({ zones: createZonesRepository({ database: trx }), audit: createAuditLog({ audit: createAuditRepository({ database: trx }), clock }) }));
}

/** Zones the actor may see. */
export async function listZones({ actor, zones }: { actor: Actor; zones: ZonesRepository }): Promise<Zone[]> {
  assertCan(actor, 'zones.read');
  return zones.list(zonesFor(actor, 'zones.read'));
}

export async function getZone({ actor, zones, zoneId }: { actor: Actor; zones: ZonesRepository; zoneId: string }): Promise<Zone> {
  assertCan(actor, 'zones.read', { zoneId });
  const zone = await zones.findById(zoneId);
  if (!zone) throw zoneNotFound();
  return zone;
}

/** A platform administrator creates a police zone. */
export async function createZone({ input, database, clock, ids, by }: Deps & { input: ZoneInput }): Promise<Zone> {
  assertCan(by.actor, 'platform.manage');
  return withZoneTransaction(database, clock, async ({ zones, audit }) => {
    if (await zones.findByCode(input.code)) throw codeTaken();
    const id = ids.id();
    const now = clock.now();
    await unlessTaken(() => zones.insert({ id, code: input.code, name: input.name, languages: input.languages, defaultLanguage: input.defaultLanguage, timeZone: input.timeZone, now }), codeTaken);
    await audit.record(by, { action: 'zone.created', objectType: 'zone', objectId: id, zoneId: id, details: { code: input.code, name: input.name } });
    return (await zones.findById(id))!;
  });
}

/** A zone admin (or platform admin) edits a zone; the code is fixed once created. */
export async function updateZone({ zoneId, input, database, clock, by }: Omit<Deps, 'ids'> & { zoneId: string; input: Omit<ZoneInput, 'code'> }): Promise<Zone> {
  assertCan(by.actor, 'zones.update', { zoneId });
  return withZoneTransaction(database, clock, async ({ zones, audit }) => {
    if (!(await zones.findById(zoneId))) throw zoneNotFound();
    await zones.update(zoneId, { name: input.name, languages: input.languages, defaultLanguage: input.defaultLanguage, timeZone: input.timeZone, now: clock.now() });
    await audit.record(by, { action: 'zone.updated', objectType: 'zone', objectId: zoneId, zoneId, details: { name: input.name, languages: input.languages } });
    return (await zones.findById(zoneId))!;
  });
}

export async function listDispatchCentres({ actor, zones }: { actor: Actor; zones: ZonesRepository }): Promise<DispatchCentre[]> {
  assertCan(actor, 'dispatch_centres.read');
  const all = await zones.listDispatchCentres();
  const visible = zonesFor(actor, 'dispatch_centres.read');
  if (visible === 'all') return all;
  const ownCentres = new Set(actor.grants.map((g) => g.dispatchCentreId).filter(Boolean));
  return all.filter((centre) => ownCentres.has(centre.id));
}

/** A platform administrator creates or edits a dispatch centre and the zones it covers. */
export async function saveDispatchCentre({ centreId, input, database, clock, ids, by }: Deps & { centreId?: string; input: DispatchCentreInput }): Promise<DispatchCentre> {
  assertCan(by.actor, 'platform.manage');
  return withZoneTransaction(database, clock, async ({ zones, audit }) => {
    const existing = centreId ? await zones.findDispatchCentre(centreId) : undefined;
    if (centreId && !existing) throw new AppError({ code: 'dispatch_centres.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
    if (!existing && (await zones.findDispatchCentreByCode(input.code))) throw codeTaken();
    for (const zoneId of input.zoneIds) if (!(await zones.findById(zoneId))) throw zoneNotFound();
    const id = existing?.id ?? ids.id();
    await unlessTaken(() => zones.saveDispatchCentre({ id, code: existing?.code ?? input.code, name: input.name, zoneIds: input.zoneIds, now: clock.now() }, !existing), codeTaken);
    await audit.record(by, { action: existing ? 'dispatch_centre.updated' : 'dispatch_centre.created', objectType: 'dispatch_centre', objectId: id, details: { name: input.name, zoneIds: input.zoneIds } });
    return (await zones.findDispatchCentre(id))!;
  });
}
