import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Insertable, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { type App, createApp } from '../src/app.ts';
import { createMemoryEmailDriver } from '../src/channels/email/email.channel.ts';
import { createMemorySmsDriver } from '../src/channels/sms/sms.channel.ts';
import { createMemoryVoiceDriver } from '../src/channels/voice/voice.channel.ts';
import { loadConfig } from '../src/config/config.ts';
import { type Database, type Dialect, inTransaction, migrateToLatest, openDatabase } from '../src/db/database.ts';
import type { AddressesTable, DatabaseSchema } from '../src/db/schema.ts';
import type { NewAddress } from '../src/modules/geography/addresses.models.ts';
import { createAddressesRepository } from '../src/modules/geography/addresses.repository.ts';
import type { ImportWrite } from '../src/modules/members/member-import.repository.ts';
import { systemClock } from '../src/shared/clock.ts';
import { randomIds } from '../src/shared/ids.ts';

/** What every benchmark gets: a migrated database with one zone and the generated address register. */
export type BenchContext = { label: string; database: Database; app: App; zoneId: string; addresses: BenchAddress[]; dataDir: string };

/** One line of the printed table. `raw` is the same work done with plain SQL; ratio = ours / raw. */
export type BenchRow = { benchmark: string; database: string; measure: string; value: string; raw?: string; ratio?: number };

/** The generated register: 100,000 addresses in a 0.2° × 0.1° box east of Leuven (invented streets). */
export const BOX = { minLon: 4.4, minLat: 50.8, maxLon: 4.6, maxLat: 50.9 };

/** A small deterministic generator (mulberry32): the same data on every run. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

const STREET_WORDS = ['Kerk', 'Stations', 'Molen', 'Dorps', 'School', 'Nieuw', 'Kapel', 'Veld', 'Berg', 'Linden', 'Beuken', 'Eiken', 'Heide', 'Bos', 'Beek', 'Hoog', 'Zand', 'Leem', 'Brouwerij', 'Pastorij'];
const STREET_KINDS = ['straat', 'laan', 'weg', 'plein', 'dreef'];
const FRENCH_STREETS = ["Rue de l'Église", 'Rue de la Station', 'Chaussée de Louvain', 'Avenue des Tilleuls', 'Rue du Moulin'];
const PLACES = ['Heidebeek', 'Molenveld', 'Veldegem', 'Kapelle-ter-Heide', 'Beekhoven', 'Zandvoorde-Oost', 'Lindenhove', 'Bergom', 'Eikenrode', 'Bossem'];
export const FIRST_NAMES = ['Jan', 'Marie', 'Luc', 'Anne', 'Pieter', 'Sofie', 'Tom', 'Els', 'Koen', 'Lies', 'Françoise', 'Jean-Pierre', 'Émile', 'Chantal', 'Mohamed', 'Fatima', 'Noah', 'Emma', 'Lucas', 'Olivia'];
export const LAST_NAMES = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'Dupont', 'Martin', 'Van den Bossche', 'Vermeulen', 'Lemaître', 'Hermans', 'El Amrani', 'Desmet'];

export type BenchAddress = { id: string; street: string; houseNumber: string; postcode: string; municipality: string; lat: number; lon: number };

/** 500 streets of 200 numbers: street s lies at one latitude, numbers run west to east. */
export function generateAddresses(count: number): Array<NewAddress & { municipality: string }> {
  const random = createRandom(72);
  const perStreet = 200;
  const streets = Math.ceil(count / perStreet);
  const result: Array<NewAddress & { municipality: string }> = [];
  for (let s = 0; s < streets; s++) {
    const french = s % 10 === 9;
    const name = french ? `${FRENCH_STREETS[s % FRENCH_STREETS.length]} ${Math.floor(s / 10)}` : `${STREET_WORDS[s % STREET_WORDS.length]}${STREET_KINDS[Math.floor(s / STREET_WORDS.length) % STREET_KINDS.length]} ${Math.floor(s / 100) || ''}`.trim();
    const postcode = String(3000 + (s % 10) * 10);
    const municipality = PLACES[s % PLACES.length]!;
    for (let n = 1; n <= perStreet && result.length < count; n++) {
      result.push({
        bestId: `bench:${s}:${n}`,
        streetNl: french ? null : name,
        streetFr: french ? name : null,
        streetDe: null,
        houseNumber: String(n),
        box: null,
        postcode,
        municipalityNl: french ? null : municipality,
        municipalityFr: french ? municipality : null,
        municipalityDe: null,
        lat: BOX.minLat + ((s + 0.5) / streets) * (BOX.maxLat - BOX.minLat) + (random.next() - 0.5) * 0.00005,
        lon: BOX.minLon + ((n - 0.5) / perStreet) * (BOX.maxLon - BOX.minLon) + (random.next() - 0.5) * 0.00005,
        status: 'current',
        municipality,
      });
    }
  }
  return result;
}

export type BenchMember = { firstName: string; lastName: string; address: BenchAddress; mobile: string | null; landline: string | null; email: string | null; language: 'nl' | 'fr' };

/** One member per address: a mobile for 85%, a landline for 25%, an e-mail address for 60%. */
export function generateMembers(addresses: readonly BenchAddress[], seed: number): BenchMember[] {
  const random = createRandom(seed);
  return addresses.map((address, i) => {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const roll = random.next();
    return {
      firstName,
      lastName,
      address,
      mobile: roll < 0.85 ? `04${70 + (i % 30)} ${String(100_000 + ((i * 7) % 900_000)).replace(/(\d{2})(\d{2})(\d{2})/, '$1 $2 $3')}` : null,
      landline: roll > 0.75 ? `016 ${String(200_000 + i).replace(/(\d{2})(\d{2})(\d{2})/, '$1 $2 $3')}` : null,
      email: random.next() < 0.6 ? `${firstName}.${lastName}.${i}@example.be`.toLowerCase().normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/ /g, '') : null,
      language: address.postcode.endsWith('90') || random.next() < 0.2 ? 'fr' : 'nl',
    };
  });
}

/** The members as the CSV a coordinator's Excel writes: UTF-8 with BOM, ';', Dutch headers. */
export function memberCsv(members: readonly BenchMember[]): Buffer {
  const lines = ['Voornaam;Naam;Straat;Nr;Bus;Postcode;Gemeente;GSM;Telefoon;E-mail;Taal'];
  for (const m of members) lines.push([m.firstName, m.lastName, m.address.street, m.address.houseNumber, '', m.address.postcode, m.address.municipality, m.mobile ?? '', m.landline ?? '', m.email ?? '', m.language].join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Rows per multi-row INSERT, as the repositories use. */
const ROWS_PER_STATEMENT = 500;

/** Plain batched inserts of rows into one table (inside the caller's transaction). */
export async function insertPlain<T extends keyof DatabaseSchema>(database: Database, table: T, rows: readonly Insertable<DatabaseSchema[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one generic helper for every table
    await database.db.insertInto(table).values(rows.slice(i, i + ROWS_PER_STATEMENT) as any).execute();
  }
}

/** The rows an import of these members writes, built directly (E.164 given, no checks). */
export function rawMemberWrite(members: readonly BenchMember[], ctx: { zoneId: string; networkId: string; now: number; toE164: (phone: string) => string }): ImportWrite {
  const write: ImportWrite = { people: [], addresses: [], contacts: [], memberships: [], changes: [] };
  const { zoneId, networkId, now } = ctx;
  for (const m of members) {
    const personId = randomIds.id();
    write.people.push({ id: personId, zone_id: zoneId, first_name: m.firstName, last_name: m.lastName, language: m.language, red_channels: '["voice","sms"]', green_channels: '["email"]', quiet_from: null, quiet_until: null, pause_from: null, pause_until: null, consent_version: null, consent_at: null, source: 'import', invited_at: null, erased_at: null, created_at: now, updated_at: now });
    const a = m.address;
    write.addresses.push({ id: randomIds.id(), person_id: personId, kind: 'home', address_id: a.id, street: a.street, house_number: a.houseNumber, box: null, postcode: a.postcode, municipality: a.municipality, lat: a.lat, lon: a.lon });
    const contact = (kind: string, value: string) => ({ id: randomIds.id(), person_id: personId, kind, value, verified_at: null, code_hash: null, code_expires_at: null, code_attempts: 0, stopped_at: null, created_at: now });
    if (m.mobile) write.contacts.push(contact('mobile', ctx.toE164(m.mobile)));
    if (m.landline) write.contacts.push(contact('landline', ctx.toE164(m.landline)));
    if (m.email) write.contacts.push(contact('email', m.email));
    const membershipId = randomIds.id();
    write.memberships.push({ id: membershipId, person_id: personId, network_id: networkId, status: 'active', reason: null, decided_by: null, notified_at: now, created_at: now, updated_at: now });
    write.changes.push({ id: randomIds.id(), membership_id: membershipId, from_status: null, to_status: 'active', reason: 'import', by_kind: 'staff', actor_id: null, at: now });
  }
  return write;
}

/** Writes an ImportWrite with plain batched inserts in one transaction. */
export function insertRawWrite(database: Database, write: ImportWrite): Promise<void> {
  return inTransaction(database, async (trx) => {
    await insertPlain(trx, 'people', write.people);
    await insertPlain(trx, 'person_addresses', write.addresses);
    await insertPlain(trx, 'contact_points', write.contacts);
    await insertPlain(trx, 'memberships', write.memberships);
    await insertPlain(trx, 'membership_changes', write.changes);
  });
}

/**
 * Gives PostgreSQL the statistics a live database has (autovacuum analyses tables that changed);
 * right after a bulk load it has none, and its plans would be those of empty tables.
 */
export async function analyzeIfPostgres(database: Database): Promise<void> {
  if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
}

/** Milliseconds a piece of work takes, and its result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
export const fmtRate = (count: number, ms: number, unit: string) => `${Math.round(count / (ms / 1000)).toLocaleString('en-US')} ${unit}/s`;

/** A fresh database per engine: a temporary SQLite file, and a PostgreSQL schema of its own when BENCH_DATABASE_URL is set. */
export async function openBenchDatabase(dialect: Dialect): Promise<{ database: Database; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'waakzaam-bench-'));
    const database = openDatabase({ dialect: 'sqlite', file: join(dir, 'bench.sqlite') });
    await migrateToLatest(database);
    return { database, dispose: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const url = process.env.BENCH_DATABASE_URL!;
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ dialect: 'postgres', url, poolSize: 4, searchPath: schema });
  await migrateToLatest(database);
  return {
    database,
    dispose: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/** The application over a bench database: real repositories and routes, e-mail and SMS kept in memory, no logging. */
export function createBenchApp(database: Database, dataDir: string): App {
  const config = loadConfig({ WAAKZAAM_SESSION_SECRET: randomBytes(24).toString('hex'), WAAKZAAM_DATA_DIR: dataDir, WAAKZAAM_LOG_LEVEL: 'silent' });
  return createApp({ config: config as App['config'], database, clock: systemClock, ids: randomIds, logger: pino({ level: 'silent' }), email: createMemoryEmailDriver(), sms: createMemorySmsDriver(), voice: createMemoryVoiceDriver() });
}

/** Inserts the generated register in batches (setup, not measured) and returns it with our ids. */
export async function loadAddresses(app: App, count: number): Promise<BenchAddress[]> {
  const generated = generateAddresses(count);
  for (let i = 0; i < generated.length; i += 5000) {
    await inTransaction(app.database, (trx) => createAddressesRepository({ database: trx }).upsertMany(generated.slice(i, i + 5000), { ids: randomIds, now: Date.now() }));
  }
  const rows: Pick<AddressesTable, 'id' | 'best_id'>[] = await app.database.db.selectFrom('addresses').select(['id', 'best_id']).execute();
  const idByBest = new Map(rows.map((r) => [r.best_id, r.id]));
  return generated.map((a) => ({ id: idByBest.get(a.bestId)!, street: (a.streetNl ?? a.streetFr)!, houseNumber: a.houseNumber, postcode: a.postcode, municipality: a.municipality, lat: a.lat, lon: a.lon }));
}


/** Prints the rows as an aligned table. */
export function printTable(rows: readonly BenchRow[]): void {
  const header = ['benchmark', 'database', 'measure', 'value', 'raw', 'ratio'];
  const cells = rows.map((r) => [r.benchmark, r.database, r.measure, r.value, r.raw ?? '', r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}
