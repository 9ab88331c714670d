import type { VNode } from 'preact';
import type { Translator } from '../../web/i18n/translator.ts';
import { Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { BarChart, LineChart } from './evaluation-charts.views.tsx';
import { type ReportSection, type ReportTable, monthNames, reportSections, reportTitle } from './evaluation-report.models.ts';
import { MINUTE_MS } from './evaluation.models.ts';
import type { EvaluationFigures } from './evaluation.usecases.ts';

/** The charts of each section, in the order of that section's tables (the table is the chart's data). */
export function reportCharts({ t, locale }: Translator, f: EvaluationFigures): Partial<Record<ReportSection['id'], VNode[]>> {
  const months = monthNames(locale);
  const toMinutes = (ms: number | null) => (ms === null ? null : Math.round((ms / MINUTE_MS) * 10) / 10);
  return {
    alerts: [
      <BarChart id="chart-months" title={t('evaluation.chart.month.title')} description={t('evaluation.chart.month.description', { total: f.alerts.total })} labels={months} values={f.alerts.byMonth.map((m) => m.red + m.green)} />,
      <BarChart id="chart-hours" title={t('evaluation.chart.hour.title')} description={t('evaluation.chart.hour.description')} labels={f.alerts.byHour.map((_, hour) => String(hour))} values={f.alerts.byHour} labelEvery={2} />,
    ],
    reach: [
      <LineChart
        id="chart-reach"
        title={t('evaluation.chart.reach.title')}
        description={t('evaluation.chart.reach.description')}
        labels={months}
        unit={t('evaluation.minutesUnit')}
        series={[
          { name: t('evaluation.reach.minutes50'), values: f.reach.redByMonth.map((m) => toMinutes(m.median50)), dashed: false },
          { name: t('evaluation.reach.minutes90'), values: f.reach.redByMonth.map((m) => toMinutes(m.median90)), dashed: true },
        ]}
      />,
    ],
  };
}

function DataTable({ table }: { table: ReportTable }) {
  return (
    <table class="data-table">
      <caption>{table.caption}</caption>
      <thead>
        <tr>
          {table.head.map((cell) => (
            <th scope="col">{cell}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr>
            <th scope="row">{row[0]}</th>
            {row.slice(1).map((cell) => (
              <td>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({ c, section, charts }: { c: ViewContext; section: ReportSection; charts: VNode[] }) {
  return (
    <section class="evaluation-section" aria-labelledby={`section-${section.id}`}>
      <h2 id={`section-${section.id}`}>{section.title}</h2>
      {section.rows.length > 0 && (
        <table class="data-table figures">
          <caption class="visually-hidden">{section.title}</caption>
          <tbody>
            {section.rows.map((row) => (
              <tr>
                <th scope="row">{row.label}</th>
                <td>{row.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {section.tables.map((table, i) =>
        charts[i] ? (
          <figure class="evaluation-figure">
            {charts[i]}
            <DataTable table={table} />
          </figure>
        ) : table.rows.length > 0 ? (
          <DataTable table={table} />
        ) : (
          <p>{c.t('evaluation.noData', { what: table.caption })}</p>
        ),
      )}
      {section.list && (
        <>
          <h3>{section.list.title}</h3>
          {section.list.items.length === 0 ? (
            <p>{section.list.empty}</p>
          ) : (
            <ul class="evaluation-comments">
              {section.list.items.map((item) => (
                <li>{item}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** The yearly report of a zone or a network: the figures, their charts, and the downloads. */
export function EvaluationPage({ c, figures, basePath, currentYear }: { c: ViewContext; figures: EvaluationFigures; basePath: string; currentYear: number }) {
  const title = reportTitle(c.t, figures);
  const charts = reportCharts(c, figures);
  const years = Array.from({ length: 6 }, (_, i) => currentYear - i);
  if (!years.includes(figures.year)) years.push(figures.year);
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p>{c.t('evaluation.intro')}</p>
      <form method="get" action={basePath} class="inline-form">
        <label for="evaluation-year">{c.t('evaluation.year')}</label>
        <select id="evaluation-year" name="year">
          {years.map((year) => (
            <option value={String(year)} selected={year === figures.year}>
              {year}
            </option>
          ))}
        </select>
        <button type="submit">{c.t('evaluation.show')}</button>
      </form>
      <ul class="evaluation-downloads">
        <li>
          <a href={`${basePath}.pdf?year=${figures.year}`} download>
            {c.t('evaluation.downloadPdf')}
          </a>
        </li>
        <li>
          <a href={`${basePath}.csv?year=${figures.year}`} download>
            {c.t('evaluation.downloadCsv')}
          </a>
        </li>
      </ul>
      {reportSections(c, figures).map((section) => (
        <Section c={c} section={section} charts={charts[section.id] ?? []} />
      ))}
      <h2>{c.t('evaluation.definitions.title')}</h2>
      <p>{c.t('evaluation.definitions.body')}</p>
    </Layout>
  );
}
