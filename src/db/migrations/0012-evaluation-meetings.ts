import type { Kysely } from 'kysely';

// Frozen: never imports application code. The yearly evaluation meeting of a zone with the
// coordinators of its networks (DOMAIN.md, flyer point 6): the meeting, the networks invited, one
// row per invited coordinator (their answer and which invitation, update or reminder reached them),
// the agenda points and survey answers they sent beforehand, and the minutes afterwards.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evaluation_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    // scheduled | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    // RFC 5545 §3.8.7.4 SEQUENCE: raised by every change the invitees must hear about.
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('organizer_id', 'text')
    .addColumn('organizer_name', 'text', (c) => c.notNull())
    .addColumn('organizer_email', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('decisions', 'text')
    // File name under <data>/uploads/meetings, a PDF checked by its first bytes.
    .addColumn('minutes_file', 'text')
    .addColumn('minutes_size', 'integer')
    .addColumn('minutes_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evaluation_meetings_zone').on('evaluation_meetings').columns(['zone_id', 'starts_at']).execute();
  // The reminder job looks for scheduled meetings by start.
  await db.schema.createIndex('evaluation_meetings_start').on('evaluation_meetings').columns(['status', 'starts_at']).execute();

  await db.schema
    .createTable('evaluation_meeting_networks')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('evaluation_meetings.id').onDelete('cascade'))
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('evaluation_meeting_networks_pk', ['meeting_id', 'network_id'])
    .execute();

  await db.schema
    .createTable('evaluation_meeting_invitees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('evaluation_meetings.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // JSON array of the network ids through which the account is invited (a coordinator of two networks gets one invitation).
    .addColumn('network_ids', 'text', (c) => c.notNull())
    // null (no answer yet) | yes | no | maybe
    .addColumn('response', 'text')
    .addColumn('responded_at', 'bigint')
    // The meeting SEQUENCE last mailed to this invitee (null: nothing yet). Claimed by a conditional update.
    .addColumn('mailed_sequence', 'integer')
    .addColumn('mailed_at', 'bigint')
    // The reminder a week before, claimed once by a conditional update (any node may run the job).
    .addColumn('reminder_sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('evaluation_meeting_invitees_account', ['meeting_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('evaluation_meeting_agenda_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('evaluation_meetings.id').onDelete('cascade'))
    .addColumn('invitee_id', 'text', (c) => c.notNull().references('evaluation_meeting_invitees.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evaluation_meeting_agenda_points_meeting').on('evaluation_meeting_agenda_points').columns(['meeting_id', 'created_at']).execute();

  await db.schema
    .createTable('evaluation_meeting_surveys')
    .addColumn('invitee_id', 'text', (c) => c.primaryKey().references('evaluation_meeting_invitees.id').onDelete('cascade'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('evaluation_meetings.id').onDelete('cascade'))
    // Scores 1–5 (null: not answered): how useful the alerts were, how fast they came, how clear they were.
    .addColumn('usefulness', 'integer')
    .addColumn('speed', 'integer')
    .addColumn('clarity', 'integer')
    .addColumn('improvements', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['evaluation_meeting_surveys', 'evaluation_meeting_agenda_points', 'evaluation_meeting_invitees', 'evaluation_meeting_networks', 'evaluation_meetings']) await db.schema.dropTable(table).execute();
}
