import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';

const DEMO = new URL('../../samples/best-address-demo.csv', import.meta.url).pathname;

// The command reads its configuration from the environment, as in production: a data folder of its own.
describe('waakzaam addresses import', () => {
  let dir: string;
  let stderr: string[];
  const env = { ...process.env };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'waakzaam-cli-'));
    stderr = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    Object.assign(process.env, { WAAKZAAM_DATA_DIR: dir, WAAKZAAM_LOG_LEVEL: 'silent' });
    delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...env };
    rmSync(dir, { recursive: true, force: true });
  });

  it('given the demo file, it imports it and prints what it did', async () => {
    const out: string[] = [];
    expect(await runCli(['addresses', 'import', DEMO, '--batch-size', '100'], (line) => out.push(line))).toBe(0);
    expect(out[0]).toBe(`Imported ${DEMO}: 297 addresses written, 0 rows rejected.`);
    expect(await runCli(['addresses', 'import', DEMO], (line) => out.push(line))).toBe(0);
    expect(out.at(-1)).toContain('was imported before (297 rows, 0 rejected): nothing to do. Use --force to import it again.');
  });

  it('given a file that is not a BeSt-Address CSV, it prints one line, exits 1 and creates no database', async () => {
    const file = join(dir, 'garbage.csv');
    writeFileSync(file, Buffer.from([0, 159, 146, 150, 10, 255, 0]));
    expect(await runCli(['addresses', 'import', file], () => {})).toBe(1);
    expect(stderr).toEqual([`waakzaam addresses: not a BeSt-Address CSV: missing columns address_id, house_number, postcode, streetname_nl|streetname_fr|streetname_de, municipality_name_nl|municipality_name_fr|municipality_name_de, EPSG:4326_lat+EPSG:4326_lon|EPSG:3812_x+EPSG:3812_y|EPSG:31370_x+EPSG:31370_y\n`]);
    expect(existsSync(join(dir, 'waakzaam.sqlite'))).toBe(false);
  });

  it('given a wrong batch size or no file, it explains the usage', async () => {
    expect(await runCli(['addresses', 'import', DEMO, '--batch-size', 'many'], () => {})).toBe(1);
    expect(await runCli(['addresses', 'import'], () => {})).toBe(1);
    expect(stderr).toEqual(['waakzaam addresses: --batch-size must be a whole number from 1 to 100000\n', 'waakzaam addresses: usage: waakzaam addresses import FILE [--batch-size N] [--force]\n']);
  });
});

