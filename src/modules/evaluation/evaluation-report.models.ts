import type { Translator } from '../../web/i18n/translator.ts';
import { csvDocument, csvLine } from '../members/member-list.models.ts';
import { MINUTE_MS } from './evaluation.models.ts';
import type { EvaluationFigures } from './evaluation.usecases.ts';

/**
 * The report's sections as words and numbers in the reader's language: the HTML page, the CSV and
 * the PDF are written from this one list, so the three never disagree.
 */

export type ReportTable = { caption: string; head: string[]; rows: string[][] };
export type ReportSection = { id: 'alerts' | 'reach' | 'channels' | 'feedback' | 'results' | 'members'; title: string; rows: Array<{ label: string; value: string }>; tables: ReportTable[]; list?: { title: string; items: string[]; empty: string } };

/** Month names in the reader's language (short: "mrt", "mars"). */
export function monthNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, month) => format.format(Date.UTC(2026, month, 15)));
}

export function numberText(locale: string, value: number | null, digits = 1): string {
  return value === null ? '–' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

const minutes = (locale: string, ms: number | null) => numberText(locale, ms === null ? null : ms / MINUTE_MS);
const share = (locale: string, part: number, whole: number) => (whole === 0 ? '–' : `${numberText(locale, (part / whole) * 100, 0)} %`);

/** The title of the report: the network's or the zone's, with the year. */
export function reportTitle(t: Translator['t'], figures: EvaluationFigures): string {
  return figures.scope.network ? t('evaluation.title.network', { year: figures.year, network: figures.scope.network.name }) : t('evaluation.title.zone', { year: figures.year, zone: figures.scope.zone.name });
}

export function reportSections({ t, tDynamic, locale }: Translator, f: EvaluationFigures): ReportSection[] {
  const n = (value: number) => numberText(locale, value, 0);
  const months = monthNames(locale);
  const reachRows = (severity: 'red' | 'green') => {
    const r = f.reach[severity];
    const word = t(severity === 'red' ? 'evaluation.reach.red' : 'evaluation.reach.green');
    // The adjective may open the sentence ("rode berichten: …").
    const capital = (text: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
    return [
      { label: capital(t('evaluation.reach.alerts', { severity: word })), value: n(r.alerts) },
      { label: capital(t('evaluation.reach.median50', { severity: word })), value: minutes(locale, r.median50) },
      { label: capital(t('evaluation.reach.median90', { severity: word })), value: minutes(locale, r.median90) },
      { label: capital(t('evaluation.reach.never50', { severity: word })), value: n(r.never50) },
      { label: capital(t('evaluation.reach.never90', { severity: word })), value: n(r.never90) },
    ];
  };
  return [
    {
      id: 'alerts',
      title: t('evaluation.section.alerts'),
      rows: [
        { label: t('evaluation.alerts.total'), value: n(f.alerts.total) },
        { label: t('evaluation.alerts.red'), value: n(f.alerts.red) },
        { label: t('evaluation.alerts.green'), value: n(f.alerts.green) },
        { label: t('evaluation.alerts.exercises'), value: n(f.alerts.exercises) },
        ...f.alerts.byCategory.map((c) => ({ label: tDynamic(`evaluation.category.${c.key}`), value: n(c.count) })),
      ],
      tables: [
        { caption: t('evaluation.chart.month.title'), head: [t('evaluation.month'), t('evaluation.alerts.red'), t('evaluation.alerts.green'), t('evaluation.alerts.total')], rows: f.alerts.byMonth.map((m, i) => [months[i]!, n(m.red), n(m.green), n(m.red + m.green)]) },
        { caption: t('evaluation.chart.hour.title'), head: [t('evaluation.hour'), t('evaluation.alerts.total')], rows: f.alerts.byHour.map((count, hour) => [t('evaluation.hourRange', { from: hour, to: hour + 1 }), n(count)]) },
      ],
    },
    {
      id: 'reach',
      title: t('evaluation.section.reach'),
      rows: [
        ...reachRows('red'),
        ...reachRows('green'),
        { label: t('evaluation.audience.people'), value: n(f.audience.people) },
        { label: t('evaluation.audience.reached'), value: `${n(f.audience.reached)} (${share(locale, f.audience.reached, f.audience.people)})` },
        { label: t('evaluation.audience.acknowledged'), value: `${n(f.audience.acknowledged)} (${share(locale, f.audience.acknowledged, f.audience.people)})` },
      ],
      tables: [
        {
          caption: t('evaluation.chart.reach.title'),
          head: [t('evaluation.month'), t('evaluation.reach.alertsShort'), t('evaluation.reach.minutes50'), t('evaluation.reach.minutes90')],
          rows: f.reach.redByMonth.map((m, i) => [months[i]!, n(m.alerts), minutes(locale, m.median50), minutes(locale, m.median90)]),
        },
      ],
    },
    {
      id: 'channels',
      title: t('evaluation.section.channels'),
      rows: [],
      tables: [
        {
          caption: t('evaluation.section.channels'),
          head: [t('evaluation.channel'), t('evaluation.channel.steps'), t('evaluation.channel.reached'), t('evaluation.channel.acknowledged'), t('evaluation.channel.failed')],
          rows: f.channels.map((c) => [
            tDynamic(`console.channel.${c.channel}`),
            n(c.steps),
            `${n(c.reached)} (${share(locale, c.reached, c.steps)})`,
            `${n(c.acknowledged)} (${share(locale, c.acknowledged, c.steps)})`,
            `${n(c.failed)} (${share(locale, c.failed, c.steps)})`,
          ]),
        },
      ],
    },
    {
      id: 'results',
      title: t('evaluation.section.results'),
      rows: [
        { label: t('evaluation.results.redIncidents'), value: n(f.results.redIncidents) },
        { label: t('evaluation.results.withResult'), value: n(f.results.withResult) },
        { label: t('evaluation.results.withoutResult'), value: n(f.results.withoutResult) },
        { label: t('evaluation.results.medianMinutes'), value: numberText(locale, f.results.medianMinutes, 0) },
        { label: t('evaluation.results.late'), value: n(f.results.late) },
      ],
      tables: [],
    },
    {
      id: 'feedback',
      title: t('evaluation.section.feedback'),
      rows: [
        { label: t('evaluation.sightings'), value: n(f.sightings) },
        { label: t('evaluation.reports.total'), value: n(f.reports.total) },
        ...f.reports.byCategory.map((c) => ({ label: t('evaluation.reports.byCategory', { category: tDynamic(`reports.category.${c.key}`) }), value: n(c.count) })),
        ...f.reports.byStatus.map((s) => ({ label: t('evaluation.reports.byStatus', { status: tDynamic(`reports.status.${s.key}`) }), value: n(s.count) })),
        { label: t('evaluation.ratings.useful'), value: n(f.ratings.useful) },
        { label: t('evaluation.ratings.notUseful'), value: n(f.ratings.notUseful) },
      ],
      tables: [],
      list: {
        title: t('evaluation.ratings.comments'),
        items: f.ratings.comments.map((c) => `${t(c.useful ? 'evaluation.ratings.usefulShort' : 'evaluation.ratings.notUsefulShort')}: ${c.comment}`),
        empty: t('evaluation.ratings.noComments'),
      },
    },
    {
      id: 'members',
      title: t('evaluation.section.members'),
      rows: [
        { label: t('evaluation.members.activeAtStart'), value: n(f.membership.activeAtStart) },
        { label: t('evaluation.members.activeAtEnd'), value: n(f.membership.activeAtEnd) },
        { label: t('evaluation.members.joined'), value: n(f.membership.joined) },
        { label: t('evaluation.members.left'), value: n(f.membership.left) },
        { label: t('evaluation.members.removed'), value: n(f.membership.removed) },
        { label: t('evaluation.members.churn'), value: share(locale, f.membership.left + f.membership.removed, f.membership.activeAtStart) },
        { label: t('evaluation.members.unreachable'), value: n(f.unreachable) },
        { label: t('evaluation.members.withoutReason'), value: n(f.membership.reasons.withoutReason) },
      ],
      tables: [{ caption: t('evaluation.members.reasons'), head: [t('evaluation.members.reason'), t('evaluation.members.count')], rows: f.membership.reasons.counted.map((r) => [r.reason, n(r.count)]) }],
    },
  ];
}

/** The figures as CSV (section; figure; value), with the member export's BOM, ';' and formula guard. */
export function reportCsv(translator: Translator, figures: EvaluationFigures): string {
  const { t } = translator;
  const lines = [csvLine([t('evaluation.csv.section'), t('evaluation.csv.figure'), t('evaluation.csv.value')]), csvLine([reportTitle(t, figures), t('evaluation.csv.period'), `${figures.year}`])];
  for (const section of reportSections(translator, figures)) {
    for (const row of section.rows) lines.push(csvLine([section.title, row.label, row.value]));
    for (const table of section.tables) for (const row of table.rows) for (let j = 1; j < row.length; j++) lines.push(csvLine([section.title, `${table.caption}: ${row[0]} — ${table.head[j]}`, row[j]!]));
    for (const item of section.list?.items ?? []) lines.push(csvLine([section.title, section.list!.title, item]));
  }
  return csvDocument(lines);
}

/** "evaluatie-2026-bin-kerkstraat": the file name of the downloads, without the extension. */
export function reportFileName(t: Translator['t'], figures: EvaluationFigures): string {
  const name = (figures.scope.network?.code ? `${figures.scope.zone.code}-${figures.scope.network.code}` : figures.scope.zone.code).replace(/[^0-9A-Za-z-]/g, '');
  return `${t('evaluation.fileWord').replace(/[^0-9A-Za-z-]/g, '')}-${figures.year}-${name}`;
}
