import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createSequentialIds } from '../../shared/ids.ts';
import { createAddressImportsRepository } from './address-imports.repository.ts';
import { AddressFileError, importAddressFile } from './address-import.usecases.ts';
import { createAddressesRepository } from './addresses.repository.ts';
import { distanceMetres } from './geometry.models.ts';

const DEMO = new URL('../../../samples/best-address-demo.csv', import.meta.url).pathname;
const LAMBERT_ONLY = new URL('../../../samples/best-address-lambert-only.csv', import.meta.url).pathname;
const HEADER = 'EPSG:31370_x,EPSG:31370_y,EPSG:4326_lat,EPSG:4326_lon,address_id,box_number,house_number,municipality_id,municipality_name_de,municipality_name_fr,municipality_name_nl,postcode,postname_fr,postname_nl,street_id,streetname_de,streetname_fr,streetname_nl,region_code,status';

/** The WGS84 position the demo file gives each address id. */
function demoPositions(): Map<string, { lat: number; lon: number }> {
  const [, ...lines] = readFileSync(DEMO, 'utf8').trim().split('\n');
  return new Map(lines.map((line) => line.split(',')).map((f) => [`https://data.vlaanderen.be/id/adres/${f[4]}`, { lat: Number(f[2]), lon: Number(f[3]) }]));
}

describe.each(TEST_DIALECTS)('BeSt-Address import on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  const clock = createManualClock();
  const write = (name: string, content: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const run = (file: string, options: Partial<Parameters<typeof importAddressFile>[0]> = {}) => importAddressFile({ file, database, clock, ids: createSequentialIds(`r${clock.now()}`), ...options });
  const addresses = () => createAddressesRepository({ database });

  // One database per dialect (a PostgreSQL schema is slow to create), emptied before each test.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'waakzaam-addresses-'));
    database = await createTestDatabase(dialect);
  });
  beforeEach(async () => {
    await database.db.deleteFrom('addresses').execute();
    await database.db.deleteFrom('address_imports').execute();
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given the demo file, every address is imported with its position', async () => {
    const report = await run(DEMO);
    expect(report).toMatchObject({ outcome: 'imported', rowsWritten: 297, rowsRejected: 0, totalRows: 297 });
    expect(await addresses().count()).toBe(297);
    const [kerkstraat12a] = await addresses().findByParts({ postcode: '3079', street: 'Kerkstraat', houseNumber: '12A' });
    expect(kerkstraat12a).toMatchObject({ bestId: 'https://data.vlaanderen.be/id/adres/9100013', municipalityNl: 'Heidebeek', status: 'current' });
    expect(kerkstraat12a!.lat).toBeCloseTo(50.87913, 5);
    expect(kerkstraat12a!.lon).toBeCloseTo(4.5261, 5);
    const boxes = await addresses().findByParts({ postcode: '3079', street: 'Kerkstraat', houseNumber: '24' });
    expect(boxes.map((a) => a.box)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('given a file with Lambert 72 only (";", BOM, CRLF), positions are converted within 1 m of the WGS84 ones', async () => {
    const report = await run(LAMBERT_ONLY);
    expect(report).toMatchObject({ rowsWritten: 20, rowsRejected: 0 });
    const expected = demoPositions();
    let checked = 0;
    for await (const batch of addresses().batches()) {
      for (const address of batch) {
        expect(distanceMetres(address, expected.get(address.bestId)!)).toBeLessThan(1);
        checked++;
      }
    }
    expect(checked).toBe(20);
  });

  it('given Lambert 2008 columns only, positions are converted too', async () => {
    // Kerkstraat 1 of the demo file: WGS84 50.87887 N 4.52510 E; Lambert 2008 from the EPSG:3812 definition.
    const file = write('l08.csv', 'EPSG:3812_x;EPSG:3812_y;address_id;house_number;postcode;streetname_nl;municipality_name_nl\n661002.432;674291.567;1;1;3079;Kerkstraat;Heidebeek\n');
    await run(file);
    const [address] = await addresses().search('kerkstraat 1');
    expect(distanceMetres(address!, { lat: 50.87887, lon: 4.5251 })).toBeLessThan(1);
  });

  it('given an interruption after two batches, a second run resumes and writes every row exactly once', async () => {
    const failing = run(DEMO, {
      batchSize: 50,
      afterBatch: (n) => {
        if (n === 2) throw new Error('power cut');
      },
    });
    await expect(failing).rejects.toThrow(/stopped after 100 rows: power cut/);
    const imports = createAddressImportsRepository({ database });
    const [interrupted] = await imports.list();
    expect(interrupted).toMatchObject({ status: 'failed', rowsDone: 100, lastError: 'power cut' });
    expect(await addresses().count()).toBe(100);

    clock.advance(60_000);
    const written: number[] = [];
    const report = await run(DEMO, { batchSize: 50, afterBatch: () => void written.push(clock.now()) });
    expect(report).toMatchObject({ outcome: 'resumed', rowsSkipped: 100, rowsWritten: 197, totalRows: 297 });
    expect(written).toHaveLength(4);
    expect(await addresses().count()).toBe(297);
    // The first hundred rows kept the time of the first run: the second run did not write them again.
    const firstRun = clock.now() - 60_000;
    let rewritten = 0;
    for await (const batch of addresses().batches()) rewritten += batch.filter((a) => a.updatedAt === firstRun).length;
    expect(rewritten).toBe(100);
    expect((await imports.list())[0]).toMatchObject({ status: 'done', rowsDone: 297, rowsRejected: 0 });
  });

  it('given a finished file, a second run does nothing unless forced', async () => {
    await run(DEMO);
    expect(await run(DEMO)).toMatchObject({ outcome: 'already_done', rowsWritten: 0, totalRows: 297 });
    expect(await run(DEMO, { force: true })).toMatchObject({ outcome: 'imported', rowsWritten: 297 });
  });

  it('given rows without street, number, postcode or position, they are counted and reported by line', async () => {
    const file = write(
      'rejects.csv',
      [
        HEADER,
        '161003.345,174289.879,50.87887,4.52510,1,,1,24999,,,Heidebeek,3079,,Heidebeek,7300101,,,Kerkstraat,BE-VLG,current',
        '161003.345,174289.879,50.87887,4.52510,2,,2,24999,,,Heidebeek,3079,,Heidebeek,7300101,,,,BE-VLG,current',
        '161003.345,174289.879,50.87887,4.52510,3,,,24999,,,Heidebeek,3079,,Heidebeek,7300101,,,Kerkstraat,BE-VLG,current',
        '0.00000,0.00000,0.00000,0.00000,4,,4,24999,,,Heidebeek,3079,,Heidebeek,7300101,,,Kerkstraat,BE-VLG,current',
        '161003.345,174289.879,fifty,4.52510,5,,5,24999,,,Heidebeek,3079,,Heidebeek,7300101,,,Kerkstraat,BE-VLG,current',
        '161003.345,174289.879,50.87887,4.52510,6,,6,24999,,,Heidebeek,30790,,Heidebeek,7300101,,,Kerkstraat,BE-VLG,current',
        '"161003.345","174289.879","50.87887","4.52510","7","","7","24999","","","Heidebeek","3079","","Heidebeek","7300101","","","Kerkstraat, ""oud""","BE-VLG","current"',
      ].join('\n'),
    );
    const report = await run(file);
    expect(report).toMatchObject({ rowsWritten: 2, rowsRejected: 5, totalRejected: 5 });
    expect(report.rejections).toEqual([
      { line: 3, reason: 'street' },
      { line: 4, reason: 'house_number' },
      { line: 5, reason: 'coordinates' },
      { line: 6, reason: 'coordinates' },
      { line: 7, reason: 'postcode' },
    ]);
    expect((await addresses().findByBestId('https://data.vlaanderen.be/id/adres/7'))?.streetNl).toBe('Kerkstraat, "oud"');
  });

  it('given good rows followed by an endless quoted field, the import stops with the error recorded and keeps the committed rows', async () => {
    const good = readFileSync(DEMO, 'utf8').trim().split('\n').slice(0, 101).join('\n');
    const file = write('broken.csv', `${good}\n"unterminated ${'x'.repeat(100 * 1024)}`);
    await expect(run(file, { batchSize: 50 })).rejects.toThrow(/stopped after 100 rows: .*Run the same command again to resume/);
    expect(await addresses().count()).toBe(100);
    expect((await createAddressImportsRepository({ database }).list())[0]).toMatchObject({ status: 'failed', rowsDone: 100 });
  });

  it('given 10 MB of random bytes or a binary file, the import stops with one clear line and writes nothing', async () => {
    const random = write('random.csv', randomBytes(10 * 1024 * 1024));
    await expect(run(random)).rejects.toThrow(new AddressFileError('not a BeSt-Address CSV: missing columns address_id, house_number, postcode, streetname_nl|streetname_fr|streetname_de, municipality_name_nl|municipality_name_fr|municipality_name_de, EPSG:4326_lat+EPSG:4326_lon|EPSG:3812_x+EPSG:3812_y|EPSG:31370_x+EPSG:31370_y'));
    const binary = write('binary.csv', Buffer.concat([Buffer.from(`${HEADER}\0`), randomBytes(1000)]));
    await expect(run(binary)).rejects.toThrow(/^not a BeSt-Address CSV: missing columns/);
    await expect(run(write('other.csv', 'name,email\nAn,an@example.test\n'))).rejects.toThrow(/missing columns address_id/);
    expect(await addresses().count()).toBe(0);
    expect(await createAddressImportsRepository({ database }).list()).toEqual([]);
  });
});
