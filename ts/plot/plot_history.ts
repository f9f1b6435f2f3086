import { checkOptions, optionNames } from '../utils/options';
import { renderFigure } from './figure';
import type { ChartPanel } from './line_chart';
import { capitalize, metricDisplayName } from './metric_names';
import { saveFigure } from './save_figure';
import { ValueError } from '../errors';

/** Keras's `History`: one list of per-epoch values per key (`loss`, `val_loss`, `acc`, ...). */
export interface HistoryLike {
  history: Record<string, readonly number[]>;
}

/** Options of {@link plotHistory}. */
export interface PlotHistoryOptions {
  /** Metrics to plot, one panel each, without the `val_` prefix (default: `loss` and the accuracy). */
  metrics?: string[];
  /** Also write the figure here: `.svg` (any Node host) or `.png` (rendered with resvg). */
  file?: string;
  /** A title above the panels. */
  title?: string;
}

const PLOT_HISTORY_OPTIONS = optionNames<PlotHistoryOptions>({ metrics: true, file: true, title: true });

const TRAINING_COLOR = '#1f77b4';
const VALIDATION_COLOR = '#1f77b4';

/**
 * The notes' learning curves: for each metric a panel with the training values as dots and the
 * validation values as a line, epochs (from 1) on the x axis — by default "Training and
 * validation loss" and "Training and validation accuracy" side by side. Overfitting shows where
 * the validation curve turns away from the training one.
 *
 * Returns the SVG text in any host; with `file`, also writes it (`.svg`, or `.png` in Node).
 * `acc` and `accuracy` are interchangeable in `metrics`.
 *
 * @example
 * ```ts
 * const history = await model.fit(xTrain, yTrain, { epochs: 20, validationData: [xVal, yVal] });
 * plotHistory(history, { file: 'imdb-curves.png', title: 'IMDB, 16-16-1 dense network' });
 * ```
 */
export function plotHistory(history: HistoryLike, options: PlotHistoryOptions = {}): string {
  options = checkOptions(options, PLOT_HISTORY_OPTIONS, 'plotHistory(history, options)');
  const record = history?.history;
  if (record == null || typeof record !== 'object') {
    throw new ValueError(`plotHistory: \`history\` must be a Keras History: an object whose \`history\` maps metric names to per-epoch values. Received: history=${String(history)}`);
  }
  const has = (key: string) => Array.isArray(record[key]) && record[key].length > 0;
  const available = Object.keys(record).filter((k) => !k.startsWith('val_') || !has(k.slice(4)));
  const resolve = (metric: string): string | undefined => {
    const aliases = metric === 'acc' || metric === 'accuracy' ? ['acc', 'accuracy'] : [metric];
    return aliases.find((m) => has(m) || has(`val_${m}`));
  };
  let metrics: string[];
  if (options.metrics) {
    metrics = options.metrics.map((m) => {
      const found = resolve(m.startsWith('val_') ? m.slice(4) : m);
      if (!found) {
        throw new ValueError(`plotHistory: no per-epoch values for the metric '${m}'; expected one of ${available.map((k) => k.replace(/^val_/, '')).join(', ')}. Received: metrics=${JSON.stringify(options.metrics)}`, 'UNKNOWN_NAME');
      }
      return found;
    });
  } else {
    metrics = [resolve('loss'), resolve('accuracy')].filter((m): m is string => m !== undefined);
    if (metrics.length === 0) {
      throw new ValueError(`plotHistory: the history has neither loss nor accuracy; pass \`metrics\`. Received: keys ${Object.keys(record).join(', ') || '(none)'}`);
    }
  }
  const panels: ChartPanel[] = metrics.map((m) => {
    const name = metricDisplayName(m);
    const series: ChartPanel['series'] = [];
    if (has(m)) series.push({ label: `Training ${name}`, points: epochPoints(record[m]), color: TRAINING_COLOR, style: 'markers' });
    if (has(`val_${m}`)) series.push({ label: `Validation ${name}`, points: epochPoints(record[`val_${m}`]), color: VALIDATION_COLOR, style: 'line' });
    const title = series.length === 2 ? `Training and validation ${name}` : series[0].label;
    return { title, xLabel: 'Epochs', yLabel: capitalize(name), series, integerX: true };
  });
  const svg = renderFigure(panels, options.title);
  if (options.file !== undefined) saveFigure(svg, options.file, 'plotHistory');
  return svg;
}

/** `[epoch, value]` pairs, epochs counted from 1. */
export function epochPoints(values: readonly number[], firstEpoch = 1): Array<[number, number]> {
  return values.map((v, i) => [firstEpoch + i, v]);
}
