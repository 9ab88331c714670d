import { parsePhoneNumber } from '../src/modules/contacts/phone-numbers.models.ts';
import { decodeCursor, encodeCursor, readSearch } from '../src/modules/members/member-list.models.ts';
import { type MemberListFilters, createMemberListRepository } from '../src/modules/members/member-list.repository.ts';
import { memberListQuerySchema } from '../src/modules/members/member-list.schemas.ts';
import { MEMBER_PAGE_SIZE } from '../src/modules/members/member-list.usecases.ts';
import { createNetworksRepository } from '../src/modules/networks/networks.repository.ts';
import { sha256Hex } from '../src/shared/crypto.ts';
import { randomIds } from '../src/shared/ids.ts';
import { ROUTE_REGISTRARS } from '../src/web/routes.ts';
import { SESSION_COOKIE, createWebServer } from '../src/web/server.ts';
import { type BenchContext, type BenchRow, analyzeIfPostgres, fmtMs, generateMembers, insertRawWrite, percentile, rawMemberWrite } from './support.ts';

export const LIST_MEMBERS = 10_000;
const WARM_UP = 10;
/** Requests per scenario: enough for a p99. The SQL alone is sampled less: only its median enters the ratio. */
const SAMPLES = 100;
const RAW_SAMPLES = 40;

/** A signed-in coordinator of the network, straight through the repositories: the cookie to send. */
async function coordinatorCookie(context: BenchContext, networkId: string): Promise<string> {
  const { app } = context;
  const accountId = randomIds.id();
  const now = Date.now();
  await app.accounts.insert({ id: accountId, email: `coordinator-${accountId.slice(0, 8)}@example.be`, name: 'Bench Coordinator', now });
  await app.accounts.insertGrant({ id: randomIds.id(), account_id: accountId, role: 'coordinator', zone_id: null, dispatch_centre_id: null, network_id: networkId, granted_by: null, now });
  const token = randomIds.token();
  await app.sessions.insert({ id: sha256Hex(token), accountId, stage: 'complete', createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000, ip: null, userAgent: null });
  return `${SESSION_COOKIE}=${token}`;
}

async function sample(work: () => Promise<void>, samples: number): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * (c) The member-list page of a network of 10,000 members, through `server.inject` on the real
 * route (session, permission, queries, audit entry, rendering): the first page, a deep keyset page
 * (after the 9,000th member), a name search and a phone search typed in national format; against
 * the SQL behind each (the repository's page and count queries).
 */
export async function benchMemberList(context: BenchContext): Promise<BenchRow[]> {
  const { app, database, zoneId } = context;
  const now = Date.now();
  const networkId = randomIds.id();
  await createNetworksRepository({ database }).insert({ id: networkId, zoneId, code: '901', name: 'BIN Lijst', kind: 'residential', description: '', status: 'active', now });
  const members = generateMembers(context.addresses.slice(0, LIST_MEMBERS), 23);
  const toE164 = (phone: string) => (parsePhoneNumber(phone) as { e164: string }).e164;
  const write = rawMemberWrite(members, { zoneId, networkId, now, toE164 });
  // Most imported people have accepted by now: consent for 80%, verified contacts for 70%.
  write.people.forEach((p, i) => {
    if (i % 5 !== 0) Object.assign(p, { consent_version: 1, consent_at: now, source: 'self' });
  });
  write.contacts.forEach((c, i) => {
    if (i % 10 < 7) c.verified_at = now;
  });
  await insertRawWrite(database, write);
  await analyzeIfPostgres(database);

  const server = await createWebServer(app, ROUTE_REGISTRARS);
  await server.ready();
  const cookie = await coordinatorCookie(context, networkId);
  const repository = createMemberListRepository({ database });
  const deep = (await repository.page(networkId, {}, { limit: 9000 })).next!;
  const phoneMember = members.find((m) => m.mobile)!;
  const scenarios: Array<{ name: string; query: Record<string, string> }> = [
    { name: 'first page', query: {} },
    { name: 'deep page (after 9,000)', query: { after: encodeCursor(deep) } },
    { name: 'search by name', query: { q: 'peeters' } },
    { name: 'search by phone (national)', query: { q: phoneMember.mobile! } },
  ];

  const rows: BenchRow[] = [];
  try {
    for (const scenario of scenarios) {
      const url = `/networks/${networkId}/members?${new URLSearchParams(scenario.query).toString()}`;
      const page = await sample(async () => {
        const response = await server.inject({ method: 'GET', url, headers: { cookie } });
        if (response.statusCode !== 200) throw new Error(`${url}: HTTP ${response.statusCode}`);
      }, SAMPLES);
      const query = memberListQuerySchema.parse(scenario.query);
      const filters: MemberListFilters = { search: readSearch(query.q) };
      const raw = await sample(async () => {
        await Promise.all([repository.page(networkId, filters, { after: decodeCursor(query.after), limit: MEMBER_PAGE_SIZE }), repository.count(networkId, filters)]);
      }, RAW_SAMPLES);
      const p50 = percentile(page, 50);
      rows.push({
        benchmark: `member list (${LIST_MEMBERS.toLocaleString('en-US')} members, ${SAMPLES} requests)`,
        database: context.label,
        measure: scenario.name,
        value: `p50 ${fmtMs(p50)} · p99 ${fmtMs(percentile(page, 99))}`,
        raw: `p50 ${fmtMs(percentile(raw, 50))}`,
        ratio: p50 / percentile(raw, 50),
      });
    }
  } finally {
    await server.close();
  }
  return rows;
}
