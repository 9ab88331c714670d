import { z } from 'zod';
import { RSVP_RESPONSES } from './evaluation-meetings.models.ts';

/** A form's checkbox group arrives as a string (one ticked) or an array (several). */
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const emptyAsUndefined = (value: unknown) => (value === '' || value === undefined ? undefined : value);

export const PLACE_MAX = 200;
export const AGENDA_MAX = 4000;
export const AGENDA_POINT_MAX = 1000;
export const IMPROVEMENTS_MAX = 2000;
export const MINUTES_MAX = 20_000;

const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const when = {
  date: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'meetings.dateFormat').refine(isRealDate, 'meetings.dateFormat'),
  startTime: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'meetings.timeFormat'),
  endTime: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'meetings.timeFormat'),
  place: z.string().trim().min(1, 'meetings.placeRequired').max(PLACE_MAX),
  agenda: z.string().trim().min(1, 'meetings.agendaRequired').max(AGENDA_MAX),
};

const endAfterStart = { path: ['endTime'], message: 'meetings.endBeforeStart' };

/** Scheduling a meeting: when (local time), where, the agenda and the networks invited. */
export const meetingInputSchema = z
  .object({ ...when, networkIds: list(z.string().min(1)).pipe(z.array(z.string()).min(1, 'meetings.networksRequired')) })
  .refine((input) => input.endTime > input.startTime, endAfterStart);
export type MeetingInput = z.output<typeof meetingInputSchema>;

/** Changing a meeting: when, where and the agenda (the invited networks stay). */
export const meetingChangeSchema = z.object(when).refine((input) => input.endTime > input.startTime, endAfterStart);
export type MeetingChangeInput = z.output<typeof meetingChangeSchema>;

export const rsvpSchema = z.object({ response: z.enum(RSVP_RESPONSES, 'meetings.rsvp.choose') });

export const agendaPointSchema = z.object({ text: z.string().trim().min(1, 'meetings.agendaPoint.required').max(AGENDA_POINT_MAX) });

const score = z.preprocess(emptyAsUndefined, z.coerce.number('meetings.survey.scoreRange').int('meetings.survey.scoreRange').min(1, 'meetings.survey.scoreRange').max(5, 'meetings.survey.scoreRange').optional());

/** The short survey: three scores from 1 to 5 (each optional) and what to improve. */
export const surveySchema = z.object({ usefulness: score, speed: score, clarity: score, improvements: z.string().trim().max(IMPROVEMENTS_MAX).default('') });
export type SurveyInput = z.output<typeof surveySchema>;

export const minutesSchema = z.object({ minutes: z.string().trim().min(1, 'meetings.minutes.required').max(MINUTES_MAX), decisions: z.string().trim().max(MINUTES_MAX).default('') });
export type MinutesInput = z.output<typeof minutesSchema>;
