import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import type { Translator } from '../../web/i18n/translator.ts';
import { type Actor, type Permission, assertCan, can } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import { contactCells, csvDocument, csvLine, decodeCursor, encodeCursor, isListedReachable, readSearch } from './member-list.models.ts';
import { type MemberListFilters, type MemberListRow, createMemberListRepository } from './member-list.repository.ts';
import type { MemberListQuery } from './member-list.schemas.ts';

type ListDeps = Pick<App, 'database' | 'networks' | 'auditLog'>;

export const MEMBER_PAGE_SIZE = 50;

/**
 * The network a staff member asks about, if they hold the permission for it: its coordinators
 * (grant on the network), the police of its zone, platform administrators. Anyone else is refused
 * (403), whatever the network: its members are never shown to other networks' coordinators.
 */
export async function networkFor(app: Pick<App, 'networks'>, actor: Actor | null, networkId: string, permission: Permission): Promise<Network> {
  assertCan(actor, permission);
  const network = await app.networks.findById(networkId);
  if (!network) throw new AppError({ code: 'networks.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
  assertCan(actor, permission, { zoneId: network.zoneId, networkId: network.id });
  return network;
}

/**
 * Whether the actor sees phone numbers and e-mail addresses in full: those who manage the
 * network's members (its coordinators, who call people, and the zone's administrators). Other
 * police see them masked.
 */
export function seesContacts(actor: Actor | null, network: Pick<Network, 'id' | 'zoneId'>): boolean {
  return can(actor, 'members.manage', { zoneId: network.zoneId, networkId: network.id });
}

function filtersOf(query: MemberListQuery): MemberListFilters {
  return { status: query.status, channel: query.channel, verified: query.verified, language: query.language, search: readSearch(query.q) };
}

/** What an audit entry says of a list read: which filters, never the search term or a name. */
function auditedFilters(query: MemberListQuery) {
  return { status: query.status ?? null, channel: query.channel ?? null, verified: query.verified ?? null, language: query.language ?? null, search: Boolean(query.q?.trim()), page: query.after ? 'next' : 'first' };
}

export type MemberListPage = {
  network: Network;
  rows: MemberListRow[];
  total: number;
  /** The `after` parameter of the next page; null on the last page. */
  next: string | null;
  seesContacts: boolean;
  canManage: boolean;
};

/**
 * One page of a network's member list, for staff who may read it (`members.read`). Every read is
 * written to the audit log (`members.list_read`: the network and the filters, no personal data).
 */
export async function listMembers({ app, by, networkId, query }: { app: ListDeps; by: AuditActor; networkId: string; query: MemberListQuery }): Promise<MemberListPage> {
  const network = await networkFor(app, by.actor, networkId, 'members.read');
  const repository = createMemberListRepository({ database: app.database });
  const filters = filtersOf(query);
  const [page, total] = await Promise.all([repository.page(network.id, filters, { after: decodeCursor(query.after), limit: MEMBER_PAGE_SIZE }), repository.count(network.id, filters)]);
  await app.auditLog.record(by, { action: 'members.list_read', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { filters: auditedFilters(query) } });
  const manage = seesContacts(by.actor, network);
  return { network, rows: page.rows, total, next: page.next ? encodeCursor(page.next) : null, seesContacts: manage, canManage: manage };
}

/** Every member matching the filters, page after page (keyset), for the export. */
async function allMembers(app: ListDeps, networkId: string, filters: MemberListFilters): Promise<MemberListRow[]> {
  const repository = createMemberListRepository({ database: app.database });
  const rows: MemberListRow[] = [];
  let after: Parameters<typeof repository.page>[2]['after'];
  for (;;) {
    const page = await repository.page(networkId, filters, { after, limit: 1000 });
    rows.push(...page.rows);
    if (!page.next) return rows;
    after = page.next;
  }
}

const EXPORT_COLUMNS = [
  'firstName',
  'lastName',
  'street',
  'houseNumber',
  'box',
  'postcode',
  'municipality',
  'mobile',
  'landline',
  'email',
  'language',
  'status',
  'reachable',
] as const;

function exportLines(t: Translator['t'], rows: readonly MemberListRow[], visible: boolean): string[] {
  const header = csvLine(EXPORT_COLUMNS.map((column) => t(`coordinator.export.column.${column}`)));
  const lines = rows.map((row) => {
    const contacts = contactCells(row, visible);
    const address = row.address;
    return csvLine([
      row.firstName,
      row.lastName,
      address?.street ?? '',
      address?.houseNumber ?? '',
      address?.box ?? '',
      address?.postcode ?? '',
      address?.municipality ?? '',
      contacts.mobile,
      contacts.landline,
      contacts.email,
      row.language,
      t(`coordinator.status.${row.status}`),
      isListedReachable(row) ? t('coordinator.yes') : t('coordinator.no'),
    ]);
  });
  return [header, ...lines];
}

/** A file name with the network's code and the day: "leden-12-2026-01-15.csv". */
function fileName(t: Translator['t'], network: Network, now: number, kind: 'members' | 'unreachable'): string {
  const day = new Date(now).toISOString().slice(0, 10);
  const word = t(kind === 'members' ? 'coordinator.export.fileWord' : 'coordinator.unreachable.fileWord').replace(/[^0-9A-Za-z-]/g, '');
  return `${word}-${network.code.replace(/[^0-9A-Za-z-]/g, '')}-${day}.csv`;
}

/**
 * The network's members (those matching the list's filters) as a CSV file that opens right in
 * Excel on a Belgian PC: UTF-8 with BOM, ';', column names in the reader's language, phones in
 * national format, formula-like cells neutralised. Masked for those who do not manage members.
 * Audited (`members.list_exported`, with the count).
 */
export async function exportMembers({ app, by, networkId, query, t, now }: { app: ListDeps; by: AuditActor; networkId: string; query: MemberListQuery; t: Translator['t']; now: number }): Promise<{ fileName: string; body: string }> {
  const network = await networkFor(app, by.actor, networkId, 'members.read');
  const rows = await allMembers(app, network.id, filtersOf(query));
  await app.auditLog.record(by, { action: 'members.list_exported', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { filters: auditedFilters(query), count: rows.length } });
  return { fileName: fileName(t, network, now, 'members'), body: csvDocument(exportLines(t, rows, seesContacts(by.actor, network))) };
}

export type UnreachableList = { network: Network; rows: MemberListRow[]; seesContacts: boolean; canManage: boolean };

/**
 * Active members that no alert reaches (no consent yet, or no verified contact point), with their
 * address, in door-to-door order. Audited (`members.unreachable_read`).
 */
export async function listUnreachable({ app, by, networkId }: { app: ListDeps; by: AuditActor; networkId: string }): Promise<UnreachableList> {
  const network = await networkFor(app, by.actor, networkId, 'members.read');
  const rows = await createMemberListRepository({ database: app.database }).unreachable(network.id);
  await app.auditLog.record(by, { action: 'members.unreachable_read', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { count: rows.length } });
  const manage = seesContacts(by.actor, network);
  return { network, rows, seesContacts: manage, canManage: manage };
}

/** Why a member on the unreachable list gets no alerts: the key of the reason shown. */
export function unreachableReason(row: Pick<MemberListRow, 'consentAt' | 'invitedAt' | 'contacts'>) {
  if (row.consentAt !== null) return 'coordinator.unreachable.reason.unverified' as const;
  if (row.invitedAt !== null) return 'coordinator.unreachable.reason.invited' as const;
  return row.contacts.some((c) => c.kind === 'email') ? ('coordinator.unreachable.reason.notInvited' as const) : ('coordinator.unreachable.reason.noEmail' as const);
}

/** The unreachable list as CSV (same format as the export, plus the reason). */
export async function exportUnreachable({ app, by, networkId, t, now }: { app: ListDeps; by: AuditActor; networkId: string; t: Translator['t']; now: number }): Promise<{ fileName: string; body: string }> {
  const list = await listUnreachable({ app, by, networkId });
  const [header, ...lines] = exportLines(t, list.rows, list.seesContacts);
  const withReason = [`${header};${csvLine([t('coordinator.unreachable.why')])}`, ...lines.map((line, i) => `${line};${csvLine([t(unreachableReason(list.rows[i]!))])}`)];
  return { fileName: fileName(t, list.network, now, 'unreachable'), body: csvDocument(withReason) };
}
