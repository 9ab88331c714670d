import type { Database } from '../../db/database.ts';

export type Sighting = {
  id: string;
  incidentId: string;
  alertId: string;
  zoneId: string;
  personId: string;
  networkId: string | null;
  text: string;
  photoPath: string | null;
  photoType: string | null;
  photoSize: number | null;
  createdAt: number;
};

/** A sighting as the police console shows it: no person, the network's name, whether a photo came with it. */
export type SightingSummary = { id: string; alertId: string; text: string; networkName: string | null; hasPhoto: boolean; createdAt: number };

type SummaryRow = { id: string; alert_id: string; text: string; network_name: string | null; photo_path: string | null; created_at: number };
const toSummary = (row: SummaryRow): SightingSummary => ({ id: row.id, alertId: row.alert_id, text: row.text, networkName: row.network_name, hasPhoto: row.photo_path !== null, createdAt: Number(row.created_at) });

/** Sightings of members, and the facts about an incident that decide whether it still takes them. */
export function createSightingsRepository({ database }: { database: Database }) {
  const { db } = database;

  const summaries = () =>
    db
      .selectFrom('sightings as s')
      .leftJoin('networks as n', 'n.id', 's.network_id')
      .select(['s.id', 's.alert_id', 's.text', 'n.name as network_name', 's.photo_path', 's.created_at']);

  return {
    async insert(sighting: Sighting): Promise<void> {
      await db
        .insertInto('sightings')
        .values({
          id: sighting.id,
          incident_id: sighting.incidentId,
          alert_id: sighting.alertId,
          zone_id: sighting.zoneId,
          person_id: sighting.personId,
          network_id: sighting.networkId,
          text: sighting.text,
          photo_path: sighting.photoPath,
          photo_type: sighting.photoType,
          photo_size: sighting.photoSize,
          created_at: sighting.createdAt,
        })
        .execute();
    },

    async findById(id: string): Promise<Sighting | undefined> {
      const row = await db.selectFrom('sightings').selectAll().where('id', '=', id).executeTakeFirst();
      return (
        row && {
          id: row.id,
          incidentId: row.incident_id,
          alertId: row.alert_id,
          zoneId: row.zone_id,
          personId: row.person_id,
          networkId: row.network_id,
          text: row.text,
          photoPath: row.photo_path,
          photoType: row.photo_type,
          photoSize: row.photo_size === null ? null : Number(row.photo_size),
          createdAt: Number(row.created_at),
        }
      );
    },

    /** How many sightings a person sent about an alert (the per-member limit). */
    async countByPerson(alertId: string, personId: string): Promise<number> {
      const row = await db.selectFrom('sightings').select((eb) => eb.fn.countAll<number>().as('count')).where('alert_id', '=', alertId).where('person_id', '=', personId).executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    /** The incident's status and its alerts' kinds and statuses: what decides whether it is still open. */
    async incidentState(incidentId: string): Promise<{ status: string; closedAt: number | null; alerts: Array<{ kind: string; status: string }> } | undefined> {
      const incident = await db.selectFrom('incidents').select(['status', 'closed_at']).where('id', '=', incidentId).executeTakeFirst();
      if (!incident) return undefined;
      const alerts = await db.selectFrom('alerts').select(['kind', 'status']).where('incident_id', '=', incidentId).execute();
      return { status: incident.status, closedAt: incident.closed_at === null ? null : Number(incident.closed_at), alerts };
    },

    /**
     * The network a sighting is shown under: one of the person's active networks in the zone,
     * preferring those the alert was sent to, then by name. None when they are in none any more.
     */
    async memberNetwork(personId: string, zoneId: string, preferred: readonly string[]): Promise<string | null> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('networks as n', 'n.id', 'm.network_id')
        .select(['n.id', 'n.name'])
        .where('m.person_id', '=', personId)
        .where('m.status', '=', 'active')
        .where('n.zone_id', '=', zoneId)
        .orderBy('n.name')
        .orderBy('n.id')
        .execute();
      return (rows.find((row) => preferred.includes(row.id)) ?? rows[0])?.id ?? null;
    },

    /** Every sighting of an incident, oldest first (the timeline). */
    async listByIncident(incidentId: string): Promise<SightingSummary[]> {
      const rows = await summaries().where('s.incident_id', '=', incidentId).orderBy('s.created_at').orderBy('s.id').execute();
      return rows.map(toSummary);
    },

    /** The newest sightings of the incident an alert belongs to (any of its alerts), newest first. */
    async newestForAlert(alertId: string, limit: number): Promise<SightingSummary[]> {
      const rows = await summaries()
        .where('s.incident_id', '=', (eb) => eb.selectFrom('alerts').select('incident_id').where('id', '=', alertId))
        .orderBy('s.created_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toSummary);
    },

    /** A fingerprint of the sightings of an alert's incident: it changes when one arrives or goes. */
    async changeMark(alertId: string): Promise<string> {
      const row = await db
        .selectFrom('sightings')
        .select([(eb) => eb.fn.max('created_at').as('at'), (eb) => eb.fn.countAll<number>().as('count')])
        .where('incident_id', '=', (eb) => eb.selectFrom('alerts').select('incident_id').where('id', '=', alertId))
        .executeTakeFirst();
      return `${String(row?.at ?? '')}/${String(row?.count ?? 0)}`;
    },

    /** Which of these photo file names a sighting still refers to (the retention job removes the others). */
    async knownPhotoPaths(names: readonly string[]): Promise<Set<string>> {
      const known = new Set<string>();
      for (let start = 0; start < names.length; start += 500) {
        const rows = await db.selectFrom('sightings').select('photo_path').where('photo_path', 'in', names.slice(start, start + 500)).execute();
        for (const row of rows) if (row.photo_path !== null) known.add(row.photo_path);
      }
      return known;
    },
  };
}

export type SightingsRepository = ReturnType<typeof createSightingsRepository>;
