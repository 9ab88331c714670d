import { checkMemberList, runMemberImport } from '../src/modules/members/member-import.usecases.ts';
import type { AuditActor } from '../src/modules/audit/audit.usecases.ts';
import { createNetworksRepository } from '../src/modules/networks/networks.repository.ts';
import { randomIds } from '../src/shared/ids.ts';
import { type BenchContext, type BenchRow, analyzeIfPostgres, fmtMs, fmtRate, generateMembers, insertRawWrite, memberCsv, rawMemberWrite, timed } from './support.ts';

/** Members in the file: one per address of the register. */
export const IMPORT_MEMBERS = 100_000;

/**
 * (a) The CSV import of 100,000 members into one network whose area covers the whole register:
 * the dry run (decode, parse, phone numbers, geocoding, coverage, duplicates, stored check) and the
 * import (one transaction), against plain batched inserts of the same rows into the same tables.
 */
export async function benchMemberImport(context: BenchContext): Promise<BenchRow[]> {
  const { app, database, zoneId } = context;
  const now = Date.now();
  const networkId = randomIds.id();
  await createNetworksRepository({ database }).insert({ id: networkId, zoneId, code: '900', name: 'BIN Bench', kind: 'residential', description: '', status: 'active', now });
  // The network covers every address (its assignment is measured by the assignment benchmark).
  await database.db
    .insertInto('network_addresses')
    .columns(['network_id', 'address_id', 'source', 'assigned_at'])
    .expression((eb) => eb.selectFrom('addresses').select([eb.val(networkId).as('network_id'), 'id', eb.val('area').as('source'), eb.val(now).as('assigned_at')]))
    .execute();

  const members = generateMembers(context.addresses.slice(0, IMPORT_MEMBERS), 11);
  const csv = memberCsv(members);

  // The raw limit first, into the empty tables (the import then writes into fuller ones: no
  // advantage to ours). Its rows belong to another network, so the dry run does not see them as members.
  const rawNetworkId = randomIds.id();
  await createNetworksRepository({ database }).insert({ id: rawNetworkId, zoneId, code: '899', name: 'BIN Bench (raw)', kind: 'residential', description: '', status: 'active', now });
  // The generated numbers are Belgian and valid (the dry run below checks them): "0470 12 34 56" → +32470123456.
  const toE164 = (phone: string) => `+32${phone.replace(/\D/g, '').slice(1)}`;
  const write = rawMemberWrite(members, { zoneId, networkId: rawNetworkId, now, toE164 });
  const raw = await timed(() => insertRawWrite(database, write));
  await analyzeIfPostgres(database);

  const accountId = randomIds.id();
  await app.accounts.insert({ id: accountId, email: `import-${accountId.slice(0, 8)}@example.be`, name: 'Bench Coordinator', now });
  const by: AuditActor = { actor: { accountId, name: 'Bench Coordinator', email: 'bench@example.be', grants: [{ id: 'g', role: 'coordinator', zoneId: null, dispatchCentreId: null, networkId, zoneIds: [], networkIds: [networkId] }] } };
  const check = await timed(() => checkMemberList({ app, by, networkId, file: { name: 'bench.csv', data: csv }, maxBytes: csv.length }));
  if (check.result.report.rejected.length > 0) throw new Error(`the generated file has rejected rows: ${JSON.stringify(check.result.report.rejected.slice(0, 3))}`);
  const run = await timed(() => runMemberImport({ app, by, networkId, importId: check.result.id, invite: false }));
  if (run.result.created !== members.length) throw new Error(`imported ${run.result.created} of ${members.length}`);
  // The people stay (other networks' people, as in a real zone); the network's area goes.
  await database.db.deleteFrom('network_addresses').where('network_id', '=', networkId).execute();

  const rows = members.length;
  const label = `member import (${rows.toLocaleString('en-US')} rows, ${(csv.length / 1024 / 1024).toFixed(1)} MB)`;
  return [
    { benchmark: label, database: context.label, measure: 'dry run', value: `${fmtMs(check.ms)} · ${fmtRate(rows, check.ms, 'rows')}` },
    { benchmark: label, database: context.label, measure: 'import', value: `${fmtMs(run.ms)} · ${fmtRate(rows, run.ms, 'rows')}`, raw: `${fmtMs(raw.ms)} · ${fmtRate(rows, raw.ms, 'rows')}`, ratio: run.ms / raw.ms },
    { benchmark: label, database: context.label, measure: 'dry run + import', value: `${fmtMs(check.ms + run.ms)} · ${fmtRate(rows, check.ms + run.ms, 'rows')}`, raw: fmtMs(raw.ms), ratio: (check.ms + run.ms) / raw.ms },
  ];
}
