import { inTransaction } from '../src/db/database.ts';
import type { AreaGeometry } from '../src/modules/geography/geometry.models.ts';
import { createNetworkAreasRepository } from '../src/modules/networks/network-areas.repository.ts';
import { assignAllAddresses } from '../src/modules/networks/network-assignment.usecases.ts';
import { createNetworksRepository } from '../src/modules/networks/networks.repository.ts';
import { systemClock } from '../src/shared/clock.ts';
import { randomIds } from '../src/shared/ids.ts';
import { BOX, type BenchContext, type BenchRow, fmtMs, fmtRate, insertPlain, timed } from './support.ts';

const COLUMNS = 10;
const ROWS = 5;
/** Vertices per polygon: a hand-drawn neighbourhood has a few dozen. */
const VERTICES = 32;

/** An irregular ring around one cell of the grid, a little larger than the cell: neighbours overlap at their edges, as real networks do. */
function cellPolygon(column: number, row: number): AreaGeometry {
  const width = (BOX.maxLon - BOX.minLon) / COLUMNS;
  const height = (BOX.maxLat - BOX.minLat) / ROWS;
  const centre = { lon: BOX.minLon + (column + 0.5) * width, lat: BOX.minLat + (row + 0.5) * height };
  const ring: Array<[number, number]> = [];
  for (let i = 0; i < VERTICES; i++) {
    const angle = (2 * Math.PI * i) / VERTICES;
    const wobble = 0.62 + 0.08 * Math.sin(5 * angle + column + row);
    // A squircle: |cos|^0.3 keeps most of the cell covered.
    const x = Math.sign(Math.cos(angle)) * Math.abs(Math.cos(angle)) ** 0.3;
    const y = Math.sign(Math.sin(angle)) * Math.abs(Math.sin(angle)) ** 0.3;
    ring.push([centre.lon + x * wobble * width, centre.lat + y * wobble * height]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * (b) Assigning the 100,000 addresses of the register to 50 network polygons (a 10 × 5 grid of
 * 32-vertex shapes) with the networks' own `assignAllAddresses` (area index, diff, one
 * transaction), against plain batched inserts of the resulting network_addresses rows.
 */
export async function benchAddressAssignment(context: BenchContext): Promise<BenchRow[]> {
  const { database, zoneId } = context;
  const now = Date.now();
  const networkIds: string[] = [];
  await inTransaction(database, async (trx) => {
    const networks = createNetworksRepository({ database: trx });
    const areas = createNetworkAreasRepository({ database: trx });
    for (let row = 0; row < ROWS; row++) {
      for (let column = 0; column < COLUMNS; column++) {
        const id = randomIds.id();
        networkIds.push(id);
        await networks.insert({ id, zoneId, code: String(100 + networkIds.length), name: `BIN Raster ${networkIds.length}`, kind: 'residential', description: '', status: 'active', now });
        await areas.replaceAreas(id, [{ id: randomIds.id(), geometry: cellPolygon(column, row) }], now);
      }
    }
  });

  const assign = await timed(() => assignAllAddresses({ database, clock: systemClock, ids: randomIds }));
  const assigned = await database.db.selectFrom('network_addresses').selectAll().where('network_id', 'in', networkIds).execute();
  await database.db.deleteFrom('network_addresses').where('network_id', 'in', networkIds).execute();
  const raw = await timed(() => inTransaction(database, (trx) => insertPlain(trx, 'network_addresses', assigned)));

  // Leave the register as the other benchmarks expect it: no networks of this one.
  await database.db.deleteFrom('network_addresses').where('network_id', 'in', networkIds).execute();
  await database.db.deleteFrom('network_area_changes').where('network_id', 'in', networkIds).execute();
  await database.db.deleteFrom('network_areas').where('network_id', 'in', networkIds).execute();
  await database.db.deleteFrom('networks').where('id', 'in', networkIds).execute();

  const addresses = assign.result.addresses;
  const label = `address assignment (${addresses.toLocaleString('en-US')} addresses, ${networkIds.length} polygons, ${assigned.length.toLocaleString('en-US')} rows)`;
  return [{ benchmark: label, database: context.label, measure: 'assignAllAddresses', value: `${fmtMs(assign.ms)} · ${fmtRate(addresses, assign.ms, 'addresses')}`, raw: `${fmtMs(raw.ms)} · ${fmtRate(assigned.length, raw.ms, 'rows')}`, ratio: assign.ms / raw.ms }];
}
