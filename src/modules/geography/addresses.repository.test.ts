import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createSequentialIds } from '../../shared/ids.ts';
import type { NewAddress } from './addresses.models.ts';
import { type AddressesRepository, createAddressesRepository } from './addresses.repository.ts';

function address(overrides: Partial<NewAddress> & Pick<NewAddress, 'bestId' | 'houseNumber'>): NewAddress {
  return {
    streetNl: 'Kerkstraat',
    streetFr: null,
    streetDe: null,
    box: null,
    postcode: '3079',
    municipalityNl: 'Heidebeek',
    municipalityFr: null,
    municipalityDe: null,
    lat: 50.879,
    lon: 4.53,
    status: 'current',
    ...overrides,
  };
}

const SEED: NewAddress[] = [
  address({ bestId: 'k1', houseNumber: '1' }),
  address({ bestId: 'k12', houseNumber: '12' }),
  address({ bestId: 'k12a', houseNumber: '12A' }),
  address({ bestId: 'k120', houseNumber: '120' }),
  address({ bestId: 'k24-1', houseNumber: '24', box: '1' }),
  address({ bestId: 'k24-2', houseNumber: '24', box: '2' }),
  address({ bestId: 'k24', houseNumber: '24' }),
  address({ bestId: 'k99', houseNumber: '99', status: 'retired' }),
  address({ bestId: 'other-kerk', houseNumber: '12', postcode: '3070', municipalityNl: 'Kortenberg' }),
  address({ bestId: 'emile', houseNumber: '7', streetNl: 'Émile Verhaerenlaan' }),
  address({ bestId: 'bru', houseNumber: '475', streetNl: 'Bergense Steenweg', streetFr: 'Chaussée de Mons', postcode: '1070', municipalityNl: 'Anderlecht', municipalityFr: 'Anderlecht', lat: 50.83595, lon: 4.31653 }),
];

describe.each(TEST_DIALECTS)('addresses repository on %s', (dialect) => {
  let database: TestDatabase;
  let addresses: AddressesRepository;

  // One database for the file (a PostgreSQL schema is slow to create); tests that write use rows of their own.
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    addresses = createAddressesRepository({ database });
    await addresses.upsertMany(SEED, { ids: createSequentialIds('a'), now: 1000 });
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('given "kerkstr 12", Kerkstraat 12 comes first, then the other numbers starting with 12', async () => {
    const found = await addresses.search('kerkstr 12');
    expect(found.map((a) => `${a.houseNumber}/${a.postcode}`)).toEqual(['12/3070', '12/3079', '120/3079', '12A/3079']);
  });

  it('given a postcode, only addresses of that postcode are found', async () => {
    const found = await addresses.search('Kerkstraat 12', { postcode: '3079' });
    expect(found.map((a) => a.bestId)).toEqual(['k12', 'k120', 'k12a']);
  });

  it('given a query without accents or in capitals, the accented street is found', async () => {
    expect((await addresses.search('EMILE verh')).map((a) => a.bestId)).toEqual(['emile']);
    expect((await addresses.search('émile verhaerenlaan 7 heidebeek')).map((a) => a.bestId)).toEqual(['emile']);
    expect((await addresses.search('emile verhaerenlaan heidebeek')).map((a) => a.bestId)).toEqual(['emile']);
  });

  it('given a bilingual address, it is found by its French and its Dutch name', async () => {
    expect((await addresses.search('chaussee de mons 475')).map((a) => a.bestId)).toEqual(['bru']);
    expect((await addresses.search('bergense st')).map((a) => a.bestId)).toEqual(['bru']);
  });

  it('given a retired address, the autocomplete does not offer it', async () => {
    expect(await addresses.search('kerkstraat 99')).toEqual([]);
    expect((await addresses.findByBestId('k99'))?.status).toBe('retired');
  });

  it('given a query with the number first or without any word, the search still behaves', async () => {
    expect((await addresses.search('1 kerkstraat', { postcode: '3079' }))[0]?.bestId).toBe('k1');
    expect(await addresses.search('3079')).toEqual([]);
    expect((await addresses.search('kerkstraat', { limit: 3 })).length).toBe(3);
  });

  it('given typed parts, findByParts geocodes accent-, case- and abbreviation-insensitively', async () => {
    const [match] = await addresses.findByParts({ postcode: '3079', street: 'kerkstr.', houseNumber: '12 a' });
    expect(match?.bestId).toBe('k12a');
    expect(match).toMatchObject({ lat: 50.879, lon: 4.53, municipalityNl: 'Heidebeek' });
    expect(await addresses.findByParts({ postcode: '3070', street: 'Kerkstraat', houseNumber: '12A' })).toEqual([]);
  });

  it('given a box, findByParts puts that box first; without one, the house without box first', async () => {
    expect((await addresses.findByParts({ postcode: '3079', street: 'Kerkstraat', houseNumber: '24', box: 'bus 2' })).map((a) => a.bestId)).toEqual(['k24-2', 'k24', 'k24-1']);
    expect((await addresses.findByParts({ postcode: '3079', street: 'Kerkstraat', houseNumber: '24' })).map((a) => a.bestId)).toEqual(['k24', 'k24-1', 'k24-2']);
  });

  it('given an address imported again, it keeps its id and takes the new values', async () => {
    await addresses.upsertMany([address({ bestId: 'again', houseNumber: '5', streetNl: 'Dorpsplein' })], { ids: createSequentialIds('b'), now: 2000 });
    const before = (await addresses.findByBestId('again'))!;
    const count = await addresses.count();
    await addresses.upsertMany([address({ bestId: 'again', houseNumber: '5', streetNl: 'Dorpsplein', lat: 50.9, status: 'retired' })], { ids: createSequentialIds('c'), now: 3000 });
    expect(await addresses.findByBestId('again')).toMatchObject({ id: before.id, lat: 50.9, status: 'retired', updatedAt: 3000 });
    expect(await addresses.count()).toBe(count);
  });

  it('given the same BeSt id twice in one batch, the last one wins', async () => {
    await addresses.upsertMany([address({ bestId: 'dup', houseNumber: '1', streetNl: 'Dorpsplein' }), address({ bestId: 'dup', houseNumber: '2', streetNl: 'Dorpsplein' })], { ids: createSequentialIds('d'), now: 3000 });
    expect((await addresses.findByBestId('dup'))?.houseNumber).toBe('2');
  });

  it('given a batch size, batches yields every address once, optionally only those within a box', async () => {
    const seen: string[] = [];
    for await (const batch of addresses.batches({ batchSize: 4 })) {
      expect(batch.length).toBeLessThanOrEqual(4);
      seen.push(...batch.map((a) => a.id));
    }
    expect(seen).toHaveLength(await addresses.count());
    expect(new Set(seen).size).toBe(seen.length);
    const brussels: string[] = [];
    for await (const batch of addresses.batches({ within: { minLat: 50.8, maxLat: 50.85, minLon: 4.3, maxLon: 4.4 } })) brussels.push(...batch.map((a) => a.bestId));
    expect(brussels).toEqual(['bru']);
  });
});
