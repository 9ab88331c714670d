import type { App } from '../../app.ts';
import { inTransaction } from '../../db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, isLocale } from '../../web/i18n/locales.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditActor, createAuditLog } from '../audit/audit.usecases.ts';
import { LIVE_ADDRESS_STATUSES, localizedParts, normalizeBox, normalizeHouseNumber, streetNames } from '../geography/addresses.models.ts';
import { normalizeStreetName } from '../geography/street-lists.models.ts';
import type { Network } from '../networks/networks.models.ts';
import { inviteImportedPeople } from './member-invitations.usecases.ts';
import { type ImportCandidate, type ImportEncoding, type RejectedRow, type RowReason, addressKey, nameKey, parseMemberList, personKeys } from './member-import.models.ts';
import { type ImportWrite, type RegisterAddress, createMemberImportRepository } from './member-import.repository.ts';
import { networkFor } from './member-list.usecases.ts';

type ImportDeps = Pick<App, 'database' | 'clock' | 'ids' | 'config' | 'networks' | 'zones' | 'auditLog' | 'email' | 'sms' | 'voice' | 'logger'>;

/** How long a checked list waits for its import: a working day. */
export const CHECK_TTL_MS = 24 * 3_600_000;

/**
 * Rows per batch of the import's writes (all batches in one transaction). Large batches write
 * each table in long runs, which keeps SQLite's page cache on one index at a time.
 */
const ROWS_PER_BATCH = 10_000;

/** A row that passed every check: what the import writes. */
export type ReadyRow = ImportCandidate & { addressId: string; lat: number; lon: number; existingPersonId: string | null };

export type ImportReport = {
  fileName: string;
  encoding: ImportEncoding;
  /** Data rows in the file. */
  rows: number;
  /** New people to create. */
  created: number;
  /** People already known (a verified phone or e-mail of theirs, same name) who join this network. */
  linked: number;
  /** New people with an e-mail address: they get an invitation. */
  invitations: number;
  rejected: RejectedRow[];
};

export type ImportCheck = { id: string; network: Network; report: ImportReport; status: 'checked' | 'imported'; expiresAt: number };

const fileRequired = () => new AppError({ code: 'member_import.file_required', kind: 'invalid', messageKey: 'coordinator.import.error.fileRequired' });

type Geocoded = RegisterAddress & { streets: string[] };

/**
 * Finds the register's address of a row: same postcode and house number, street equal in any
 * language (see geography's findByParts), the same box first, then a live address. The whole
 * file is matched against the addresses of its postcodes, loaded once.
 */
function createGeocoder(addresses: readonly RegisterAddress[]) {
  const byHouse = new Map<string, Geocoded[]>();
  for (const address of addresses) {
    const key = `${address.postcode}|${normalizeHouseNumber(address.houseNumber)}`;
    const list = byHouse.get(key) ?? [];
    list.push({ ...address, streets: streetNames(address).map(normalizeStreetName) });
    byHouse.set(key, list);
  }
  const live = (a: Geocoded) => Number((LIVE_ADDRESS_STATUSES as readonly string[]).includes(a.status));
  return (row: Pick<ImportCandidate, 'postcode' | 'street' | 'houseNumber' | 'box'>): Geocoded | undefined => {
    const street = normalizeStreetName(row.street);
    const box = normalizeBox(row.box);
    const same = (byHouse.get(`${row.postcode}|${normalizeHouseNumber(row.houseNumber)}`) ?? []).filter((a) => a.streets.includes(street));
    return same.sort((a, b) => Number(normalizeBox(b.box) === box) - Number(normalizeBox(a.box) === box) || live(b) - live(a))[0];
  };
}

/**
 * The dry run: reads a coordinator's member list and judges every row without writing any member.
 * A row is refused with its line and every reason: no name, no address, a bad phone number (the
 * phone module's own message), a bad e-mail address, a duplicate of an earlier row, an address
 * the register does not know or this network does not cover, someone already a member (or who
 * left or was removed: they rejoin themselves). Markup is no reason: names are stored as text and
 * shown escaped. The rows that pass and the report are kept for a day under an id, so that the
 * import carries that id and not the file again. Whole-file problems (empty, too large, binary,
 * UTF-16, no header, an unclosed quote) throw a translated error and store nothing.
 */
export async function checkMemberList({ app, by, networkId, file, maxBytes }: { app: ImportDeps; by: AuditActor; networkId: string; file: { name: string; data: Uint8Array } | undefined; maxBytes?: number }): Promise<ImportCheck> {
  const network = await networkFor(app, by.actor, networkId, 'members.manage');
  if (!file || file.data.length === 0) throw fileRequired();
  const zone = await app.zones.findById(network.zoneId);
  const parsed = parseMemberList(file.data, { defaultLanguage: zone?.defaultLanguage ?? app.config.locale.default, maxBytes });
  const repository = createMemberImportRepository({ database: app.database });

  const geocode = createGeocoder(await repository.addressesWithPostcodes(parsed.candidates.map((c) => c.postcode)));
  const covered = await repository.coveredAddressIds(network.id);
  const memberStatus = new Map<string, string>();
  for (const member of await repository.knownMembers(network.id)) {
    for (const address of member.addresses.length > 0 ? member.addresses : [null]) {
      for (const key of personKeys({ firstName: member.firstName, lastName: member.lastName, address: address && addressKey(address), contacts: member.contacts })) memberStatus.set(key, member.status);
    }
  }
  const contactsOf = (c: ImportCandidate) => [...c.phones.map((p) => p.e164), ...(c.email ? [c.email] : [])];
  const holders = new Map<string, string>();
  for (const holder of await repository.verifiedHolders(network.zoneId, parsed.candidates.flatMap(contactsOf))) {
    holders.set(`${nameKey(holder.firstName, holder.lastName)}@${holder.value}`, holder.personId);
  }

  const ready: ReadyRow[] = [];
  const rejected: RejectedRow[] = [...parsed.rejected];
  for (const candidate of parsed.candidates) {
    const reasons: RowReason[] = [];
    const address = geocode(candidate);
    if (!address) reasons.push({ key: 'coordinator.import.reason.addressUnknown' });
    else if (!covered.has(address.id)) reasons.push({ key: 'coordinator.import.reason.addressOutside', values: { network: network.name } });
    const keys = personKeys({ firstName: candidate.firstName, lastName: candidate.lastName, address: addressKey(candidate), contacts: contactsOf(candidate) });
    const status = keys.map((key) => memberStatus.get(key)).find((s) => s !== undefined);
    if (status === 'active' || status === 'pending') reasons.push({ key: 'coordinator.import.reason.alreadyMember' });
    else if (status !== undefined) reasons.push({ key: 'coordinator.import.reason.leftNetwork' });
    if (reasons.length > 0 || !address) {
      rejected.push({ line: candidate.line, name: `${candidate.firstName} ${candidate.lastName}`.trim(), reasons });
      continue;
    }
    const municipality = candidate.municipality || localizedParts(address, candidate.language).municipality;
    const existingPersonId = contactsOf(candidate).map((value) => holders.get(`${nameKey(candidate.firstName, candidate.lastName)}@${value}`)).find((id) => id !== undefined) ?? null;
    ready.push({ ...candidate, municipality, addressId: address.id, lat: address.lat, lon: address.lon, existingPersonId });
  }
  rejected.sort((a, b) => a.line - b.line);

  const created = ready.filter((r) => r.existingPersonId === null);
  const report: ImportReport = {
    fileName: file.name.slice(0, 200),
    encoding: parsed.encoding,
    rows: parsed.rows,
    created: created.length,
    linked: ready.length - created.length,
    invitations: created.filter((r) => r.email !== null).length,
    rejected,
  };
  const now = app.clock.now();
  const id = app.ids.id();
  await repository.deleteExpired(now);
  await repository.saveCheck({ id, networkId: network.id, accountId: by.actor?.accountId ?? null, fileName: report.fileName, encoding: report.encoding, status: 'checked', rows: JSON.stringify(ready), report: JSON.stringify(report), createdAt: now, expiresAt: now + CHECK_TTL_MS });
  await app.auditLog.record(by, {
    action: 'members.import_checked',
    objectType: 'network',
    objectId: network.id,
    zoneId: network.zoneId,
    details: { importId: id, rows: report.rows, created: report.created, linked: report.linked, rejected: rejected.length },
  });
  return { id, network, report, status: 'checked', expiresAt: now + CHECK_TTL_MS };
}

/** A stored check of the network (its report), for those who manage the network's members. */
export async function getImportCheck({ app, actor, networkId, importId }: { app: ImportDeps; actor: AuditActor['actor']; networkId: string; importId: string }): Promise<ImportCheck> {
  const network = await networkFor(app, actor, networkId, 'members.manage');
  const check = await createMemberImportRepository({ database: app.database }).findCheck(importId, network.id, app.clock.now());
  if (!check) throw new AppError({ code: 'member_import.expired', kind: 'not_found', messageKey: 'coordinator.import.error.expired' });
  return { id: check.id, network, report: JSON.parse(check.report) as ImportReport, status: check.status, expiresAt: check.expiresAt };
}

/** Channels for someone a coordinator vouches for, from what the list gives; the member changes them later. */
function defaultChannels(row: ReadyRow): { red: string[]; green: string[] } {
  const mobile = row.phones.some((p) => p.kind === 'mobile');
  const landline = row.phones.some((p) => p.kind === 'landline');
  return {
    red: mobile ? ['voice', 'sms'] : landline ? ['voice'] : [],
    green: row.email ? ['email'] : mobile ? ['sms'] : [],
  };
}

function buildWrite(app: Pick<ImportDeps, 'ids'>, rows: readonly ReadyRow[], ctx: { network: Network; actorId: string | null; now: number }): { write: ImportWrite; invitees: string[] } {
  const write: ImportWrite = { people: [], addresses: [], contacts: [], memberships: [], changes: [] };
  const invitees: string[] = [];
  const { network, actorId, now } = ctx;
  for (const row of rows) {
    let personId = row.existingPersonId;
    if (personId === null) {
      personId = app.ids.id();
      const channels = defaultChannels(row);
      const language: Locale = isLocale(row.language) ? row.language : 'nl';
      write.people.push({
        id: personId,
        zone_id: network.zoneId,
        first_name: row.firstName,
        last_name: row.lastName,
        language,
        red_channels: JSON.stringify(channels.red),
        green_channels: JSON.stringify(channels.green),
        quiet_from: null,
        quiet_until: null,
        pause_from: null,
        pause_until: null,
        consent_version: null,
        consent_at: null,
        source: 'import',
        invited_at: null,
        erased_at: null,
        created_at: now,
        updated_at: now,
      });
      write.addresses.push({ id: app.ids.id(), person_id: personId, kind: 'home', address_id: row.addressId, street: row.street, house_number: row.houseNumber, box: row.box, postcode: row.postcode, municipality: row.municipality, lat: row.lat, lon: row.lon });
      const contact = (kind: string, value: string) => ({ id: app.ids.id(), person_id: personId!, kind, value, verified_at: null, code_hash: null, code_expires_at: null, code_attempts: 0, stopped_at: null, created_at: now });
      for (const phone of row.phones) write.contacts.push(contact(phone.kind, phone.e164));
      if (row.email) {
        write.contacts.push(contact('email', row.email));
        invitees.push(personId);
      }
    }
    const membershipId = app.ids.id();
    // The coordinator vouches for the people on their list: active at once, yet silent until they consent and verify.
    write.memberships.push({ id: membershipId, person_id: personId, network_id: network.id, status: 'active', reason: null, decided_by: actorId, notified_at: now, created_at: now, updated_at: now });
    write.changes.push({ id: app.ids.id(), membership_id: membershipId, from_status: null, to_status: 'active', reason: 'import', by_kind: 'staff', actor_id: actorId, at: now });
  }
  return { write, invitees };
}

export type ImportOutcome = { created: number; linked: number; invited: number };

/**
 * Imports a checked list (by the id of its dry run): every row in one transaction, all or
 * nothing, with an audit entry of the counts (`members.imported`). A check is used once; an
 * expired one is refused. Imported people are active members of the network but receive no alert
 * until they accept their invitation (consent) and verify a contact point; those with an e-mail
 * address are invited after the commit. `afterBatch` runs after each written batch (tests use it to
 * fail half-way).
 */
export async function runMemberImport({ app, by, networkId, importId, invite = true, batchSize = ROWS_PER_BATCH, afterBatch }: {
  app: ImportDeps;
  by: AuditActor;
  networkId: string;
  importId: string;
  invite?: boolean;
  batchSize?: number;
  afterBatch?: (rowsWritten: number) => void | Promise<void>;
}): Promise<ImportOutcome> {
  const network = await networkFor(app, by.actor, networkId, 'members.manage');
  const actorId = by.actor?.accountId ?? null;
  const outcome = await inTransaction(app.database, async (trx) => {
    const repository = createMemberImportRepository({ database: trx });
    const now = app.clock.now();
    const check = await repository.findCheck(importId, network.id, now);
    if (!check) throw new AppError({ code: 'member_import.expired', kind: 'not_found', messageKey: 'coordinator.import.error.expired' });
    if (!(await repository.claimCheck(check.id, now))) throw new AppError({ code: 'member_import.already_imported', kind: 'conflict', messageKey: 'coordinator.import.error.alreadyImported' });
    const rows = JSON.parse(check.rows) as ReadyRow[];
    const invitees: string[] = [];
    let written = 0;
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = buildWrite(app, rows.slice(i, i + batchSize), { network, actorId, now });
      await repository.writeBatch(batch.write);
      invitees.push(...batch.invitees);
      written += Math.min(batchSize, rows.length - i);
      await afterBatch?.(written);
    }
    const created = rows.filter((r) => r.existingPersonId === null).length;
    const counts = { created, linked: rows.length - created };
    await createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock }).record(by, {
      action: 'members.imported',
      objectType: 'network',
      objectId: network.id,
      zoneId: network.zoneId,
      details: { importId: check.id, ...counts, invitations: invitees.length },
    });
    return { ...counts, invitees };
  });
  const invited = invite ? await inviteImportedPeople({ app, network, inviter: by.actor, personIds: outcome.invitees }) : 0;
  return { created: outcome.created, linked: outcome.linked, invited };
}
