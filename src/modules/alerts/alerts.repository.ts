import type { Selectable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { AlertsTable } from '../../db/schema.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { UNFINISHED_DELIVERY_STATUSES } from '../deliveries/deliveries.models.ts';
import type { ContactKind, ContactPoint, GreenChannel, RedChannel } from '../members/members.models.ts';
import type { PlanCandidate, PlanContact } from './alert-planning.models.ts';
import type { AlertTarget } from './alert-target.models.ts';
import type { ActivationChecklist, AlertFields, AlertKind, AlertSeverity, AlertStatus, AlertTexts } from './alerts.models.ts';

export type Alert = {
  id: string;
  incidentId: string;
  zoneId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: AlertStatus;
  exercise: boolean;
  fields: AlertFields;
  checklist: ActivationChecklist | null;
  target: AlertTarget;
  /** The spoken message (the blob `recordings/<file>`, a wav), played instead of the short text on calls. */
  audioFile?: string | null;
  requestKey: string;
  createdBy: string | null;
  createdAt: number;
  sendAt: number;
  sentAt: number | null;
  cancelledAt: number | null;
};

/** A candidate as loaded, with the reachability facts and the addresses a drawn area needs. */
export type LoadedCandidate = Omit<PlanCandidate, 'contacts'> & {
  contacts: (PlanContact & Pick<ContactPoint, 'verifiedAt' | 'stoppedAt'>)[];
  consentAt: number | null;
  erasedAt: number | null;
  addresses: { lat: number; lon: number }[];
};

function toAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: row.id,
    incidentId: row.incident_id,
    zoneId: row.zone_id,
    kind: row.kind as AlertKind,
    severity: row.severity as AlertSeverity,
    status: row.status as AlertStatus,
    exercise: Number(row.exercise) === 1,
    fields: JSON.parse(row.fields) as AlertFields,
    checklist: row.checklist === null ? null : (JSON.parse(row.checklist) as ActivationChecklist),
    target: JSON.parse(row.target) as AlertTarget,
    audioFile: row.audio_file,
    requestKey: row.request_key,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    sendAt: Number(row.send_at),
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    cancelledAt: row.cancelled_at === null ? null : Number(row.cancelled_at),
  };
}

const INSERT_BATCH = 500;

type CandidateFilter = 'network' | 'zone' | 'audience';
/** Whose candidates: members of networks, the people of a zone (a drawn area), or an earlier alert's audience. */
export type CandidateSource = { networkIds: readonly string[] } | { zoneId: string } | { audienceOf: string };
export type CandidatePage = { after: string | null; limit: number };

export function createAlertsRepository({ database }: { database: Database }) {
  const { db } = database;

  /** People (not erased) with their contact points (and located addresses), grouped per person. */
  async function candidatesWhere(filter: CandidateFilter, value: readonly string[] | string, page?: CandidatePage): Promise<LoadedCandidate[]> {
    let people = db.selectFrom('people').select(['people.id', 'people.language', 'people.red_channels', 'people.green_channels', 'people.quiet_from', 'people.quiet_until', 'people.pause_from', 'people.pause_until', 'people.consent_at', 'people.erased_at']);
    if (filter === 'network') {
      const ids = [...value];
      if (ids.length === 0) return [];
      people = people.where('people.id', 'in', (eb) => eb.selectFrom('memberships').select('person_id').where('network_id', 'in', ids).where('status', '=', 'active'));
    } else if (filter === 'zone') {
      people = people.where('people.zone_id', '=', value as string);
    } else {
      people = people.where('people.id', 'in', (eb) => eb.selectFrom('alert_audience').select('person_id').where('alert_id', '=', value as string));
    }
    // Keyset paging: a page starts after the last person id of the one before (the primary key's order).
    if (page?.after) people = people.where('people.id', '>', page.after);
    if (page) people = people.limit(page.limit);
    const rows = await people.where('people.erased_at', 'is', null).orderBy('people.id').execute();
    const byId = new Map<string, LoadedCandidate>();
    for (const row of rows) {
      byId.set(row.id, {
        id: row.id,
        language: row.language,
        redChannels: JSON.parse(row.red_channels) as RedChannel[],
        greenChannels: JSON.parse(row.green_channels) as GreenChannel[],
        quietFrom: row.quiet_from === null ? null : Number(row.quiet_from),
        quietUntil: row.quiet_until === null ? null : Number(row.quiet_until),
        pauseFrom: row.pause_from === null ? null : Number(row.pause_from),
        pauseUntil: row.pause_until === null ? null : Number(row.pause_until),
        consentAt: row.consent_at === null ? null : Number(row.consent_at),
        erasedAt: row.erased_at === null ? null : Number(row.erased_at),
        contacts: [],
        addresses: [],
      });
    }
    if (byId.size === 0) return [];
    const ids = [...byId.keys()];
    for (let start = 0; start < ids.length; start += INSERT_BATCH) {
      const batch = ids.slice(start, start + INSERT_BATCH);
      const contacts = await db
        .selectFrom('contact_points')
        .select(['id', 'person_id', 'kind', 'value', 'verified_at', 'stopped_at', 'sms_stopped_at'])
        .where('person_id', 'in', batch)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      for (const contact of contacts) {
        byId.get(contact.person_id)?.contacts.push({
          id: contact.id,
          kind: contact.kind as ContactKind,
          value: contact.value,
          verifiedAt: contact.verified_at === null ? null : Number(contact.verified_at),
          stoppedAt: contact.stopped_at === null ? null : Number(contact.stopped_at),
          smsStopped: contact.sms_stopped_at !== null,
        });
      }
      if (filter === 'zone') {
        const addresses = await db.selectFrom('person_addresses').select(['person_id', 'lat', 'lon']).where('person_id', 'in', batch).where('lat', 'is not', null).where('lon', 'is not', null).execute();
        for (const address of addresses) byId.get(address.person_id)?.addresses.push({ lat: Number(address.lat), lon: Number(address.lon) });
      }
    }
    return [...byId.values()];
  }

  return {
    /**
     * One page of candidates in person id order, after `page.after` (null: from the start): the
     * planning job streams the audience with it, never holding the whole zone.
     */
    candidatesPage: (source: CandidateSource, page: CandidatePage) =>
      'networkIds' in source ? candidatesWhere('network', source.networkIds, page) : 'zoneId' in source ? candidatesWhere('zone', source.zoneId, page) : candidatesWhere('audience', source.audienceOf, page),

    /** How many people (not erased) a source names, before reachability and any drawn area. */
    async countCandidates(source: CandidateSource): Promise<number> {
      let query = db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('count')).where('people.erased_at', 'is', null);
      if ('networkIds' in source) {
        if (source.networkIds.length === 0) return 0;
        query = query.where('people.id', 'in', (eb) => eb.selectFrom('memberships').select('person_id').where('network_id', 'in', [...source.networkIds]).where('status', '=', 'active'));
      } else if ('zoneId' in source) query = query.where('people.zone_id', '=', source.zoneId);
      else query = query.where('people.id', 'in', (eb) => eb.selectFrom('alert_audience').select('person_id').where('alert_id', '=', source.audienceOf));
      return Number((await query.executeTakeFirstOrThrow()).count);
    },

    candidatesInNetworks: (networkIds: readonly string[]) => candidatesWhere('network', networkIds),
    /** Everybody of the zone with their located addresses: a drawn area filters them. */
    candidatesInZone: (zoneId: string) => candidatesWhere('zone', zoneId),
    /** The audience of an earlier alert, with their contact points as they are now. */
    candidatesOfAlert: (alertId: string) => candidatesWhere('audience', alertId),

    async findById(id: string): Promise<Alert | undefined> {
      const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAlert(row);
    },

    async findByRequestKey(requestKey: string): Promise<Alert | undefined> {
      const row = await db.selectFrom('alerts').selectAll().where('request_key', '=', requestKey).executeTakeFirst();
      return row && toAlert(row);
    },

    /** The incident's first alert: updates and the result go to its audience. */
    async firstOfIncident(incidentId: string): Promise<Alert | undefined> {
      const row = await db.selectFrom('alerts').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('id').executeTakeFirst();
      return row && toAlert(row);
    },

    async listByIncident(incidentId: string): Promise<Alert[]> {
      const rows = await db.selectFrom('alerts').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toAlert);
    },

    async insertIncident(incident: { id: string; zoneId: string; title: string; exercise: boolean; createdBy: string | null; now: number }): Promise<void> {
      await db
        .insertInto('incidents')
        .values({ id: incident.id, zone_id: incident.zoneId, title: incident.title, status: 'open', exercise: incident.exercise ? 1 : 0, created_by: incident.createdBy, created_at: incident.now, closed_at: null })
        .execute();
    },

    async insertAlert(alert: Omit<Alert, 'sentAt' | 'cancelledAt'>): Promise<void> {
      await db
        .insertInto('alerts')
        .values({
          id: alert.id,
          incident_id: alert.incidentId,
          zone_id: alert.zoneId,
          kind: alert.kind,
          severity: alert.severity,
          status: alert.status,
          exercise: alert.exercise ? 1 : 0,
          fields: JSON.stringify(alert.fields),
          checklist: alert.checklist === null ? null : JSON.stringify(alert.checklist),
          target: JSON.stringify(alert.target),
          audio_file: alert.audioFile ?? null,
          request_key: alert.requestKey,
          created_by: alert.createdBy,
          created_at: alert.createdAt,
          send_at: alert.sendAt,
          sent_at: null,
          cancelled_at: null,
        })
        .execute();
    },

    async insertTexts(alertId: string, texts: Partial<Record<Locale, AlertTexts>>): Promise<void> {
      const rows = Object.entries(texts).map(([locale, text]) => ({ alert_id: alertId, locale, subject: text.subject, short_text: text.shortText, full_text: text.fullText }));
      if (rows.length > 0) await db.insertInto('alert_texts').values(rows).execute();
    },

    async findTexts(alertId: string, locale: string): Promise<AlertTexts | undefined> {
      const row = await db.selectFrom('alert_texts').selectAll().where('alert_id', '=', alertId).where('locale', '=', locale).executeTakeFirst();
      return row && { subject: row.subject, shortText: row.short_text, fullText: row.full_text };
    },

    async insertAudience(alertId: string, audience: readonly { personId: string; language: string }[]): Promise<void> {
      for (let start = 0; start < audience.length; start += INSERT_BATCH) {
        const batch = audience.slice(start, start + INSERT_BATCH);
        await db
          .insertInto('alert_audience')
          .values(batch.map((entry) => ({ alert_id: alertId, person_id: entry.personId, language: entry.language, acknowledged_at: null, acknowledged_via: null })))
          .execute();
      }
    },

    /**
     * Adds people to the audience unless they are in it already (the primary key): returns those
     * added, so that a chunk planned again after a crash plans nobody twice.
     */
    async insertAudienceOnce(alertId: string, audience: readonly { personId: string; language: string }[]): Promise<Set<string>> {
      const added = new Set<string>();
      for (let start = 0; start < audience.length; start += INSERT_BATCH) {
        const batch = audience.slice(start, start + INSERT_BATCH);
        const rows = await db
          .insertInto('alert_audience')
          .values(batch.map((entry) => ({ alert_id: alertId, person_id: entry.personId, language: entry.language, acknowledged_at: null, acknowledged_via: null })))
          .onConflict((oc) => oc.columns(['alert_id', 'person_id']).doNothing())
          .returning('person_id')
          .execute();
        for (const row of rows) added.add(row.person_id);
      }
      return added;
    },

    async findAudienceEntry(alertId: string, personId: string): Promise<{ language: string; acknowledgedAt: number | null } | undefined> {
      const row = await db.selectFrom('alert_audience').select(['language', 'acknowledged_at']).where('alert_id', '=', alertId).where('person_id', '=', personId).executeTakeFirst();
      return row && { language: row.language, acknowledgedAt: row.acknowledged_at === null ? null : Number(row.acknowledged_at) };
    },

    async countAudience(alertId: string): Promise<{ people: number; acknowledged: number }> {
      const row = await db
        .selectFrom('alert_audience')
        .select((eb) => [eb.fn.countAll<number>().as('people'), eb.fn.count<number>('acknowledged_at').as('acknowledged')])
        .where('alert_id', '=', alertId)
        .executeTakeFirstOrThrow();
      return { people: Number(row.people), acknowledged: Number(row.acknowledged) };
    },

    /** Moves the alert's status only from `from` (the guard, repeated in the `where`). */
    async setStatus(id: string, from: AlertStatus, to: AlertStatus, now: number): Promise<boolean> {
      const result = await db
        .updateTable('alerts')
        .set({ status: to, ...(to === 'cancelled' ? { cancelled_at: now } : {}), ...(to === 'sent' ? { sent_at: now } : {}) })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * Alerts still `sending` whose every step reached a final state become `sent` (one statement:
     * the guard on the status and the check of the steps hold together). Returns their ids.
     */
    async settleFinished(now: number): Promise<string[]> {
      const rows = await db
        .updateTable('alerts')
        .set({ status: 'sent', sent_at: now })
        .where('status', '=', 'sending')
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('deliveries').select('deliveries.id').whereRef('deliveries.alert_id', '=', 'alerts.id').where('deliveries.status', 'in', [...UNFINISHED_DELIVERY_STATUSES]))),
        )
        // An alert still being planned has steps to come.
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('planning_jobs').select('planning_jobs.alert_id').whereRef('planning_jobs.alert_id', '=', 'alerts.id').where('planning_jobs.status', '=', 'planning'))))
        .returning('id')
        .execute();
      return rows.map((row) => row.id);
    },

    /** The names of networks, for the voice introduction and the e-mail footer. */
    async networkNames(ids: readonly string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('networks').select('name').where('id', 'in', [...ids]).orderBy('name').execute();
      return rows.map((row) => row.name);
    },
  };
}

export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
