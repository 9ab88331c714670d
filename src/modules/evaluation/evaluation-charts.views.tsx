import { render } from 'preact-render-to-string';

/**
 * The report's charts as SVG drawn on the server: a title and a description for screen readers,
 * values written on the bars and a legend in words (nothing told by colour alone), and only
 * presentation attributes (no CSS), so that the same SVG goes into the PDF (svg-to-pdfkit).
 * The page shows the data table of each chart beneath it.
 */

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 240;
const LEFT = 44;
const RIGHT = 12;
const TOP = 16;
const BOTTOM = 36;
const INK = '#1d1d1b';
const BAR = '#2f5d8a';
const FONT = 11;

const round = (value: number) => Math.round(value * 10) / 10;

type ChartText = { id: string; title: string; description: string };

function Frame({ id, title, description, children }: ChartText & { children: preact.ComponentChildren }) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`} width={CHART_WIDTH} height={CHART_HEIGHT} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} class="evaluation-chart">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

const plotWidth = CHART_WIDTH - LEFT - RIGHT;
const plotHeight = CHART_HEIGHT - TOP - BOTTOM;

function Axes({ max, unit }: { max: number; unit?: string }) {
  return (
    <g>
      <line x1={LEFT} y1={TOP + plotHeight} x2={LEFT + plotWidth} y2={TOP + plotHeight} stroke={INK} stroke-width="1" />
      <line x1={LEFT} y1={TOP} x2={LEFT} y2={TOP + plotHeight} stroke={INK} stroke-width="1" />
      <text x={LEFT - 6} y={TOP + 4} text-anchor="end" font-size={FONT} fill={INK}>
        {unit ? `${max} ${unit}` : max}
      </text>
      <text x={LEFT - 6} y={TOP + plotHeight} text-anchor="end" font-size={FONT} fill={INK}>
        0
      </text>
    </g>
  );
}

/** Bars with their value above each and their label below (every `labelEvery`-th label, to keep them legible). */
export function BarChart({ id, title, description, labels, values, labelEvery = 1 }: ChartText & { labels: readonly string[]; values: readonly number[]; labelEvery?: number }) {
  const max = Math.max(1, ...values);
  const slot = plotWidth / values.length;
  const width = Math.max(2, slot * 0.7);
  return (
    <Frame id={id} title={title} description={description}>
      <Axes max={max} />
      {values.map((value, i) => {
        const height = (value / max) * plotHeight;
        const x = round(LEFT + i * slot + (slot - width) / 2);
        const y = round(TOP + plotHeight - height);
        return (
          <g>
            <rect x={x} y={y} width={round(width)} height={round(height)} fill={BAR} />
            {value > 0 && (
              <text x={round(x + width / 2)} y={round(y - 3)} text-anchor="middle" font-size={FONT - 1} fill={INK}>
                {value}
              </text>
            )}
            {i % labelEvery === 0 && (
              <text x={round(x + width / 2)} y={TOP + plotHeight + 14} text-anchor="middle" font-size={FONT} fill={INK}>
                {labels[i]}
              </text>
            )}
          </g>
        );
      })}
    </Frame>
  );
}

export type LineSeries = { name: string; values: ReadonlyArray<number | null>; dashed: boolean };

/**
 * Lines over the same labels; a missing value breaks the line and a point stands alone as a
 * marker. The series differ by dash and marker shape, and the legend names them.
 */
export function LineChart({ id, title, description, labels, series, unit }: ChartText & { labels: readonly string[]; series: readonly LineSeries[]; unit: string }) {
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const niceMax = Math.ceil(max);
  const slot = plotWidth / labels.length;
  const xOf = (i: number) => round(LEFT + i * slot + slot / 2);
  const yOf = (value: number) => round(TOP + plotHeight - (value / niceMax) * plotHeight);
  return (
    <Frame id={id} title={title} description={description}>
      <Axes max={niceMax} unit={unit} />
      {labels.map((label, i) => (
        <text x={xOf(i)} y={TOP + plotHeight + 14} text-anchor="middle" font-size={FONT} fill={INK}>
          {label}
        </text>
      ))}
      {series.map((s, index) => {
        const runs: Array<Array<[number, number]>> = [];
        let run: Array<[number, number]> = [];
        s.values.forEach((value, i) => {
          if (value === null) {
            if (run.length > 0) runs.push(run);
            run = [];
          } else run.push([xOf(i), yOf(value)]);
        });
        if (run.length > 0) runs.push(run);
        return (
          <g>
            {runs
              .filter((points) => points.length > 1)
              .map((points) => (
                <polyline points={points.map(([x, y]) => `${x},${y}`).join(' ')} fill="none" stroke={INK} stroke-width="2" stroke-dasharray={s.dashed ? '6 4' : undefined} />
              ))}
            {runs.flat().map(([x, y]) => (index === 0 ? <circle cx={x} cy={y} r="3.5" fill={INK} /> : <rect x={x - 3.5} y={y - 3.5} width="7" height="7" fill="#ffffff" stroke={INK} stroke-width="1.5" />))}
          </g>
        );
      })}
      {series.map((s, index) => {
        const x = LEFT + 8 + index * 220;
        const y = CHART_HEIGHT - 8;
        return (
          <g>
            <line x1={x} y1={y - 4} x2={x + 28} y2={y - 4} stroke={INK} stroke-width="2" stroke-dasharray={s.dashed ? '6 4' : undefined} />
            {index === 0 ? <circle cx={x + 14} cy={y - 4} r="3.5" fill={INK} /> : <rect x={x + 10.5} y={y - 7.5} width="7" height="7" fill="#ffffff" stroke={INK} stroke-width="1.5" />}
            <text x={x + 34} y={y} font-size={FONT} fill={INK}>
              {s.name}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

/** A chart as SVG text (for the PDF). */
export function chartSvg(node: preact.VNode): string {
  return render(node);
}
