import { AppError } from '../../shared/errors.ts';

/** What a member may report to the zone (issue 8): a closed list, so that the figures add up. */
export const REPORT_CATEGORIES = ['suspicious_situation', 'recurring_nuisance', 'prevention_question', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export const REPORT_STATUSES = ['new', 'in_progress', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * The one transition guard of a report: new → in progress → closed. A new report may be closed at
 * once (nothing to do, or a duplicate), and a closed one taken up again (it then counts as open
 * until closed anew, and its retention period starts again).
 */
const REPORT_TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  new: ['in_progress', 'closed'],
  in_progress: ['closed'],
  closed: ['in_progress'],
};

export function canChangeReportStatus(from: ReportStatus, to: ReportStatus): boolean {
  return REPORT_TRANSITIONS[from].includes(to);
}

export function assertReportTransition(from: ReportStatus, to: ReportStatus): void {
  if (!canChangeReportStatus(from, to)) throw new AppError({ code: 'reports.invalid_transition', kind: 'conflict', messageKey: 'reports.invalidTransition' });
}

/** The statuses a report may move to next (the buttons on its page). */
export function nextReportStatuses(from: ReportStatus): readonly ReportStatus[] {
  return REPORT_TRANSITIONS[from];
}

export const REPORT_WHAT_MAX = 2000;
export const REPORT_WHERE_MAX = 300;
export const REPORT_WHEN_MAX = 200;
export const REPORT_ANSWER_MAX = 4000;
export const RATING_COMMENT_MAX = 500;

/** The file a stored photo gets: the report's id and the extension of its real type. */
export function reportPhotoFileName(reportId: string, type: 'image/jpeg' | 'image/png'): string {
  return `${reportId}.${type === 'image/png' ? 'png' : 'jpg'}`;
}

/** Stored photo names are ours; anything else in the folder (or a path) is never read. */
export function isReportPhotoFileName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,100}\.(jpg|png)$/.test(name);
}
