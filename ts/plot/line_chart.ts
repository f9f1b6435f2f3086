import { formatTick, niceTicks } from './nice_ticks';
import { escapeXml, px } from './svg_text';

/** One curve of a chart: markers only (the notes' `'bo'`) or a line (`'b'`). */
export interface Series {
  label: string;
  /** `[x, y]` points; non-finite `y` values leave a gap. */
  points: ReadonlyArray<readonly [number, number]>;
  color: string;
  style: 'markers' | 'line';
  /** Line width in px (default 2). */
  width?: number;
  opacity?: number;
}

/** One plot: title, axis labels, curves. */
export interface ChartPanel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Integer ticks on the x axis (epochs). */
  integerX?: boolean;
}

const MARGIN = { left: 72, right: 18, top: 40, bottom: 52 };
const LEGEND_ROW = 20;

/**
 * Renders one chart into the box (`x`, `y`, `width`, `height`) of an SVG document: light grid,
 * axes with nice round ticks, axis labels, title, the curves, and a legend in the corner of the
 * plot area that covers the fewest data points (like matplotlib's `loc='best'`).
 */
export function renderPanel(panel: ChartPanel, x: number, y: number, width: number, height: number): string {
  const finite = panel.series.flatMap((s) => s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])));
  const xs = finite.map((p) => p[0]);
  const ys = finite.map((p) => p[1]);
  const xMin = xs.length ? Math.min(...xs) : 0;
  const xMax = xs.length ? Math.max(...xs) : 1;
  const xTicks = niceTicks(xMin, xMax, 6, panel.integerX);
  // Epoch axes start and end on the data, not on round numbers beyond it, and label the first
  // epoch when it is not crowded by the next round tick (1, 5, 10, 15, 20 for 20 epochs).
  const xLo = panel.integerX && xs.length ? Math.min(xMin, xMax - 1) : xTicks.min;
  const xHi = panel.integerX && xs.length ? Math.max(xMax, xMin + 1) : xTicks.max;
  if (panel.integerX && xs.length) {
    const firstRound = xTicks.ticks.find((t) => t >= xLo);
    if (firstRound === undefined || firstRound - xLo >= xTicks.step / 2) xTicks.ticks.unshift(xLo);
  }
  // Padding the data range by 4 % before rounding keeps extreme points off the frame, but never
  // across 0 or 1 when the data stay on one side: a loss axis need not show -0.2, nor an
  // accuracy axis 1.1.
  const yMin = ys.length ? Math.min(...ys) : 0;
  const yMax = ys.length ? Math.max(...ys) : 1;
  const yPad = (yMax - yMin) * 0.04;
  const stopAt = (value: number, padded: number, bound: number) => (value >= bound === padded >= bound ? padded : bound);
  const yTicks = niceTicks(stopAt(yMin, yMin - yPad, 0), -stopAt(-yMax, -(yMax + yPad), -1), 6);
  const plot = {
    left: x + MARGIN.left,
    top: y + MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  // A 3 % margin keeps the first and last markers off the frame, as matplotlib's margins do.
  const xPad = panel.integerX ? (xHi - xLo) * 0.03 : 0;
  const sx = (v: number) => plot.left + ((v - xLo + xPad) / (xHi - xLo + 2 * xPad)) * plot.width;
  const sy = (v: number) => plot.top + plot.height - ((v - yTicks.min) / (yTicks.max - yTicks.min)) * plot.height;
  const parts: string[] = [`<g class="panel">`];
  parts.push(`<text class="panel-title" x="${px(plot.left + plot.width / 2)}" y="${px(y + 24)}" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(panel.title)}</text>`);
  const frame = `x="${px(plot.left)}" y="${px(plot.top)}" width="${px(plot.width)}" height="${px(plot.height)}"`;
  parts.push(`<rect ${frame} fill="#ffffff"/>`);
  // Grid and y ticks.
  for (const t of yTicks.ticks) {
    const ty = sy(t);
    parts.push(`<line class="grid" x1="${px(plot.left)}" x2="${px(plot.left + plot.width)}" y1="${px(ty)}" y2="${px(ty)}" stroke="#e5e5e5" stroke-width="1"/>`);
    parts.push(`<text class="tick" x="${px(plot.left - 8)}" y="${px(ty + 4)}" text-anchor="end" font-size="12">${formatTick(t, yTicks.step)}</text>`);
  }
  for (const t of xTicks.ticks) {
    if (t < xLo - 1e-9 || t > xHi + 1e-9) continue;
    const tx = sx(t);
    parts.push(`<line class="grid" x1="${px(tx)}" x2="${px(tx)}" y1="${px(plot.top)}" y2="${px(plot.top + plot.height)}" stroke="#e5e5e5" stroke-width="1"/>`);
    parts.push(`<line x1="${px(tx)}" x2="${px(tx)}" y1="${px(plot.top + plot.height)}" y2="${px(plot.top + plot.height + 5)}" stroke="#333333"/>`);
    parts.push(`<text class="tick" x="${px(tx)}" y="${px(plot.top + plot.height + 19)}" text-anchor="middle" font-size="12">${formatTick(t, xTicks.step)}</text>`);
  }
  parts.push(`<text class="axis-label" x="${px(plot.left + plot.width / 2)}" y="${px(y + height - 12)}" text-anchor="middle" font-size="13">${escapeXml(panel.xLabel)}</text>`);
  const yLabelX = x + 18;
  const yLabelY = plot.top + plot.height / 2;
  parts.push(`<text class="axis-label" x="${px(yLabelX)}" y="${px(yLabelY)}" text-anchor="middle" font-size="13" transform="rotate(-90 ${px(yLabelX)} ${px(yLabelY)})">${escapeXml(panel.yLabel)}</text>`);
  // The frame goes over the grid lines, which would otherwise hide it where a tick meets it.
  parts.push(`<rect class="frame" ${frame} fill="none" stroke="#333333" stroke-width="1"/>`);
  for (const s of panel.series) parts.push(renderSeries(s, sx, sy));
  parts.push(renderLegend(panel.series, plot, finite.map((p) => [sx(p[0]), sy(p[1])] as const)));
  parts.push('</g>');
  return parts.join('\n');
}

function renderSeries(s: Series, sx: (v: number) => number, sy: (v: number) => number): string {
  const opacity = s.opacity === undefined ? '' : ` opacity="${s.opacity}"`;
  const out = [`<g class="series" data-label="${escapeXml(s.label)}"${opacity}>`];
  if (s.style === 'markers') {
    for (const [vx, vy] of s.points) {
      if (Number.isFinite(vx) && Number.isFinite(vy)) out.push(`<circle cx="${px(sx(vx))}" cy="${px(sy(vy))}" r="3.5" fill="${s.color}"/>`);
    }
  } else {
    // A non-finite value (a NaN loss) breaks the line instead of drawing through it.
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) out.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}" stroke-linejoin="round"/>`);
      else if (run.length === 1) out.push(`<circle cx="${run[0].split(',')[0]}" cy="${run[0].split(',')[1]}" r="2" fill="${s.color}"/>`);
      run = [];
    };
    for (const [vx, vy] of s.points) {
      if (Number.isFinite(vx) && Number.isFinite(vy)) run.push(`${px(sx(vx))},${px(sy(vy))}`);
      else flush();
    }
    flush();
  }
  out.push('</g>');
  return out.join('');
}

function renderLegend(
  series: Series[],
  plot: { left: number; top: number; width: number; height: number },
  points: ReadonlyArray<readonly [number, number]>,
): string {
  const longest = Math.max(0, ...series.map((s) => s.label.length));
  const boxWidth = 44 + longest * 7.2;
  const boxHeight = 10 + LEGEND_ROW * series.length;
  const pad = 10;
  const corners = [
    [plot.left + plot.width - boxWidth - pad, plot.top + pad],
    [plot.left + plot.width - boxWidth - pad, plot.top + plot.height - boxHeight - pad],
    [plot.left + pad, plot.top + pad],
    [plot.left + pad, plot.top + plot.height - boxHeight - pad],
  ];
  const covered = (cx: number, cy: number) =>
    points.filter(([qx, qy]) => qx >= cx - 6 && qx <= cx + boxWidth + 6 && qy >= cy - 6 && qy <= cy + boxHeight + 6).length;
  let [lx, ly] = corners[0];
  let fewest = Infinity;
  for (const [cx, cy] of corners) {
    const c = covered(cx, cy);
    if (c < fewest) {
      fewest = c;
      [lx, ly] = [cx, cy];
    }
  }
  const out = [`<g class="legend">`, `<rect x="${px(lx)}" y="${px(ly)}" width="${px(boxWidth)}" height="${px(boxHeight)}" rx="4" fill="#ffffff" fill-opacity="0.9" stroke="#bbbbbb"/>`];
  series.forEach((s, i) => {
    const rowY = ly + 5 + LEGEND_ROW * i + LEGEND_ROW / 2;
    const opacity = s.opacity === undefined ? '' : ` opacity="${s.opacity}"`;
    const mark =
      s.style === 'markers'
        ? `<circle cx="${px(lx + 20)}" cy="${px(rowY)}" r="3.5" fill="${s.color}"${opacity}/>`
        : `<line x1="${px(lx + 8)}" x2="${px(lx + 32)}" y1="${px(rowY)}" y2="${px(rowY)}" stroke="${s.color}" stroke-width="${s.width ?? 2}"${opacity}/>`;
    out.push(`<g class="legend-entry">${mark}<text x="${px(lx + 40)}" y="${px(rowY + 4)}" font-size="12">${escapeXml(s.label)}</text></g>`);
  });
  out.push('</g>');
  return out.join('\n');
}
