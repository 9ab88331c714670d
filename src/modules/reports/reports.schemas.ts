import { z } from 'zod';
import { checkbox } from '../../web/validation.ts';
import { BELGIUM_BOUNDS } from '../geography/belgian-coordinates.models.ts';
import { RATING_COMMENT_MAX, REPORT_ANSWER_MAX, REPORT_CATEGORIES, REPORT_STATUSES, REPORT_WHAT_MAX, REPORT_WHEN_MAX, REPORT_WHERE_MAX } from './reports.models.ts';

const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const coordinate = (min: number, max: number) => z.preprocess(emptyAsUndefined, z.coerce.number().min(min, 'reports.pointOutside').max(max, 'reports.pointOutside').optional());

/**
 * The member's report form (the photo is checked by the use case, from its bytes). A place is an
 * address typed (with the address search), a point clicked on the map (lat/lon, in Belgium), or both.
 */
export const reportSchema = z
  .object({
    category: z.enum(REPORT_CATEGORIES, { error: 'reports.categoryRequired' }),
    what: z.string({ error: 'reports.whatRequired' }).trim().min(1, 'reports.whatRequired').max(REPORT_WHAT_MAX, 'reports.tooLong'),
    where: z.string().trim().max(REPORT_WHERE_MAX, 'reports.tooLong').default(''),
    lat: coordinate(BELGIUM_BOUNDS.minLat, BELGIUM_BOUNDS.maxLat),
    lon: coordinate(BELGIUM_BOUNDS.minLon, BELGIUM_BOUNDS.maxLon),
    when: z.string().trim().max(REPORT_WHEN_MAX, 'reports.tooLong').default(''),
    networkId: z.string().trim().max(100).default(''),
    share: checkbox,
  })
  .refine((input) => (input.lat === undefined) === (input.lon === undefined), { path: ['lat'], message: 'reports.pointIncomplete' })
  .refine((input) => input.where !== '' || input.lat !== undefined, { path: ['where'], message: 'reports.whereRequired' });
export type ReportInput = z.output<typeof reportSchema>;

/** The triage queue's filters (a GET form; anything unknown shows everything). */
export const reportFiltersSchema = z.object({
  status: z.preprocess(emptyAsUndefined, z.enum(REPORT_STATUSES).optional()).catch(undefined),
  category: z.preprocess(emptyAsUndefined, z.enum(REPORT_CATEGORIES).optional()).catch(undefined),
});

export const reportStatusSchema = z.object({ status: z.enum(REPORT_STATUSES) });

export const reportAnswerSchema = z.object({
  text: z.string({ error: 'reports.answerRequired' }).trim().min(1, 'reports.answerRequired').max(REPORT_ANSWER_MAX, 'reports.tooLong'),
});

/** "Was this message useful?" from the alert page. */
export const ratingSchema = z.object({
  useful: z.enum(['yes', 'no'], { error: 'ratings.choiceRequired' }),
  comment: z.string().trim().max(RATING_COMMENT_MAX, 'reports.tooLong').default(''),
});
export type RatingInput = z.output<typeof ratingSchema>;
