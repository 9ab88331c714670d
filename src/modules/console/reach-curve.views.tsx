import type { ViewContext } from '../../web/view-context.ts';
import { CURVE_SERIES, type CurvePoint, curvePolylines } from './console.models.ts';

export const CURVE_WIDTH = 560;
export const CURVE_HEIGHT = 200;
const LEFT = 40;
const TOP = 10;
const BOTTOM = 30;

const seriesLabel = (c: ViewContext, series: string) => c.tDynamic(`console.curve.${series}`, {}, 'console.curve.sent');

/**
 * The time-to-reach curve as server-rendered SVG with a title and description, three lines told
 * apart by their dash pattern and legend (not by colour alone), and the same data as a table.
 */
export function ReachCurve({ c, points }: { c: ViewContext; points: readonly CurvePoint[] | null }) {
  if (!points) return <p>{c.t('console.curve.notSent')}</p>;
  const { max, lastMinute, lines } = curvePolylines(points, CURVE_WIDTH, CURVE_HEIGHT);
  return (
    <figure class="reach-curve">
      <svg viewBox={`0 0 ${CURVE_WIDTH + LEFT + 10} ${CURVE_HEIGHT + TOP + BOTTOM}`} role="img" aria-labelledby="reach-curve-title reach-curve-desc" class="reach-curve-svg">
        <title id="reach-curve-title">{c.t('console.curve.title')}</title>
        <desc id="reach-curve-desc">{c.t('console.curve.description')}</desc>
        <g transform={`translate(${LEFT} ${TOP})`}>
          <line class="axis" x1="0" y1={CURVE_HEIGHT} x2={CURVE_WIDTH} y2={CURVE_HEIGHT} />
          <line class="axis" x1="0" y1="0" x2="0" y2={CURVE_HEIGHT} />
          <text class="tick" x="-6" y="4" text-anchor="end">
            {max}
          </text>
          <text class="tick" x="-6" y={CURVE_HEIGHT} text-anchor="end">
            0
          </text>
          <text class="tick" x={CURVE_WIDTH} y={CURVE_HEIGHT + 16} text-anchor="end">
            {lastMinute}
          </text>
          <text class="tick" x={CURVE_WIDTH / 2} y={CURVE_HEIGHT + 26} text-anchor="middle">
            {c.t('console.curve.minutes')}
          </text>
          {CURVE_SERIES.map((series) => (
            <polyline class={`curve curve-${series}`} data-series={series} points={lines[series]} />
          ))}
        </g>
      </svg>
      <figcaption>
        <ul class="curve-legend">
          {CURVE_SERIES.map((series) => (
            <li class={`legend-${series}`}>{seriesLabel(c, series)}</li>
          ))}
        </ul>
      </figcaption>
      <details>
        <summary>{c.t('console.curve.table')}</summary>
        <table class="data-table">
          <caption class="visually-hidden">{c.t('console.curve.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{c.t('console.curve.minute')}</th>
              {CURVE_SERIES.map((series) => (
                <th scope="col">{seriesLabel(c, series)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr>
                <th scope="row">{point.minute}</th>
                <td>{point.sent}</td>
                <td>{point.delivered}</td>
                <td>{point.acknowledged}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
