import type { Database } from '../../db/database.ts';
import type { ZonesTable } from '../../db/schema.ts';
import type { Locale } from '../../web/i18n/locales.ts';

export type Zone = {
  id: string;
  code: string;
  name: string;
  languages: Locale[];
  defaultLanguage: Locale;
  timeZone: string;
  createdAt: number;
  updatedAt: number;
};

export type DispatchCentre = { id: string; code: string; name: string; zoneIds: string[] };

function toZone(row: ZonesTable): Zone {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    languages: JSON.parse(row.languages) as Locale[],
    defaultLanguage: row.default_language as Locale,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createZonesRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async list(zoneIds: 'all' | readonly string[]): Promise<Zone[]> {
      if (zoneIds !== 'all' && zoneIds.length === 0) return [];
      let query = db.selectFrom('zones').selectAll().orderBy('name');
      if (zoneIds !== 'all') query = query.where('id', 'in', [...zoneIds]);
      return (await query.execute()).map(toZone);
    },

    async findById(id: string): Promise<Zone | undefined> {
      const row = await db.selectFrom('zones').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toZone(row);
    },

    async findByCode(code: string): Promise<Zone | undefined> {
      const row = await db.selectFrom('zones').selectAll().where('code', '=', code).executeTakeFirst();
      return row && toZone(row);
    },

    async insert(zone: Omit<Zone, 'createdAt' | 'updatedAt'> & { now: number }): Promise<void> {
      await db
        .insertInto('zones')
        .values({
          id: zone.id,
          code: zone.code,
          name: zone.name,
          languages: JSON.stringify(zone.languages),
          default_language: zone.defaultLanguage,
          time_zone: zone.timeZone,
          created_at: zone.now,
          updated_at: zone.now,
        })
        .execute();
    },

    async update(id: string, zone: Pick<Zone, 'name' | 'languages' | 'defaultLanguage' | 'timeZone'> & { now: number }): Promise<void> {
      await db
        .updateTable('zones')
        .set({ name: zone.name, languages: JSON.stringify(zone.languages), default_language: zone.defaultLanguage, time_zone: zone.timeZone, updated_at: zone.now })
        .where('id', '=', id)
        .execute();
    },

    async listDispatchCentres(): Promise<DispatchCentre[]> {
      const centres = await db.selectFrom('dispatch_centres').selectAll().orderBy('name').execute();
      const links = await db.selectFrom('dispatch_centre_zones').selectAll().execute();
      return centres.map((c) => ({ id: c.id, code: c.code, name: c.name, zoneIds: links.filter((l) => l.dispatch_centre_id === c.id).map((l) => l.zone_id) }));
    },

    async findDispatchCentre(id: string): Promise<DispatchCentre | undefined> {
      const centre = await db.selectFrom('dispatch_centres').selectAll().where('id', '=', id).executeTakeFirst();
      if (!centre) return undefined;
      const links = await db.selectFrom('dispatch_centre_zones').select('zone_id').where('dispatch_centre_id', '=', id).execute();
      return { id: centre.id, code: centre.code, name: centre.name, zoneIds: links.map((l) => l.zone_id) };
    },

    async findDispatchCentreByCode(code: string): Promise<DispatchCentre | undefined> {
      const centre = await db.selectFrom('dispatch_centres').select('id').where('code', '=', code).executeTakeFirst();
      return centre && this.findDispatchCentre(centre.id);
    },

    /** Inserts or replaces a centre and the zones it covers. Call inside a transaction. */
    async saveDispatchCentre(centre: DispatchCentre & { now: number }, isNew: boolean): Promise<void> {
      if (isNew) {
        await db.insertInto('dispatch_centres').values({ id: centre.id, code: centre.code, name: centre.name, created_at: centre.now, updated_at: centre.now }).execute();
      } else {
        await db.updateTable('dispatch_centres').set({ name: centre.name, updated_at: centre.now }).where('id', '=', centre.id).execute();
        await db.deleteFrom('dispatch_centre_zones').where('dispatch_centre_id', '=', centre.id).execute();
      }
      if (centre.zoneIds.length > 0) {
        await db.insertInto('dispatch_centre_zones').values(centre.zoneIds.map((zoneId) => ({ dispatch_centre_id: centre.id, zone_id: zoneId }))).execute();
      }
    },
  };
}

export type ZonesRepository = ReturnType<typeof createZonesRepository>;
