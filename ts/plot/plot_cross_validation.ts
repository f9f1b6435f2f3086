import { checkOptions, optionNames } from '../utils/options';
import { renderFigure } from './figure';
import type { ChartPanel } from './line_chart';
import { capitalize, metricDisplayName } from './metric_names';
import { epochPoints } from './plot_history';
import { saveFigure } from './save_figure';
import { smoothCurve } from './smooth_curve';
import { ValueError } from '../errors';

/** What {@link plotCrossValidation} reads from a cross-validation result. */
export interface CrossValidationCurves {
  /** `meanCurve[metric][epoch]`: each epoch's value averaged over the folds. */
  meanCurve: Record<string, readonly number[]>;
}

/** Options of {@link plotCrossValidation}. */
export interface PlotCrossValidationOptions {
  /** The curve to plot (default `val_mae` when present, else the first `val_` curve). */
  metric?: string;
  /** Exponential moving-average factor in [0, 1) (default 0.9, the notes'); 0 or false: none. */
  smoothing?: number | false;
  /** Leave out the first epochs, whose large values squash the rest (the notes skip 10; default 0). */
  skipFirst?: number;
  /** Also write the figure here: `.svg` or `.png` (Node). */
  file?: string;
  /** Title (default names the metric and the smoothing). */
  title?: string;
  /** An epoch to mark on the (smoothed) curve, e.g. the one chosen for the final model. */
  markEpoch?: number;
}

const PLOT_CROSS_VALIDATION_OPTIONS = optionNames<PlotCrossValidationOptions>({ metric: true, smoothing: true, skipFirst: true, file: true, title: true, markEpoch: true });

/**
 * The notes' K-fold validation curve: a cross-validation's mean validation curve per epoch, with
 * the noise taken out by the notes' exponential moving average
 * (`smoothed = previous × factor + point × (1 − factor)`, factor 0.9), drawn over the raw mean
 * curve. Skip the first epochs with `skipFirst` when they dwarf the rest, as the notes do for
 * Boston housing (`skipFirst: 10`). Returns the SVG text; with `file`, also writes it.
 *
 * @example
 * ```ts
 * const result = await validation.crossValidate(buildModel, x, y, { k: 4, epochs: 500 });
 * plotCrossValidation(result, { metric: 'val_mae', skipFirst: 10, markEpoch: 80, file: 'boston-mae.png' });
 * ```
 */
export function plotCrossValidation(result: CrossValidationCurves, options: PlotCrossValidationOptions = {}): string {
  options = checkOptions(options, PLOT_CROSS_VALIDATION_OPTIONS, 'plotCrossValidation(result, options)');
  const curves = result?.meanCurve;
  if (curves == null || typeof curves !== 'object' || Object.keys(curves).length === 0) {
    throw new ValueError(`plotCrossValidation: \`result.meanCurve\` must map metric names to per-epoch means. Received: meanCurve=${String(curves)}`);
  }
  const keys = Object.keys(curves);
  const metric = options.metric ?? (keys.includes('val_mae') ? 'val_mae' : (keys.find((k) => k.startsWith('val_')) ?? keys[0]));
  const values = curves[metric];
  if (!Array.isArray(values)) {
    throw new ValueError(`plotCrossValidation: no mean curve for '${metric}'; expected one of ${keys.join(', ')}. Received: metric=${metric}`, 'UNKNOWN_NAME');
  }
  const skipFirst = options.skipFirst ?? 0;
  if (!Number.isInteger(skipFirst) || skipFirst < 0 || skipFirst >= values.length) {
    throw new ValueError(`plotCrossValidation: \`skipFirst\` must be an integer in [0, ${values.length - 1}] for a ${values.length}-epoch curve. Received: skipFirst=${skipFirst}`);
  }
  const factor = options.smoothing === false ? 0 : (options.smoothing ?? 0.9);
  const kept = values.slice(skipFirst);
  const name = `${metric.startsWith('val_') ? 'validation ' : ''}${metricDisplayName(metric)}`;
  const series: ChartPanel['series'] = [];
  if (factor > 0) {
    const smoothed = smoothCurve(kept, factor);
    series.push({ label: `Mean ${name}`, points: epochPoints(kept, skipFirst + 1), color: '#1f77b4', style: 'line', width: 1.2, opacity: 0.35 });
    series.push({ label: `Smoothed (EMA, factor ${factor})`, points: epochPoints(smoothed, skipFirst + 1), color: '#1f77b4', style: 'line', width: 2.2 });
  } else {
    series.push({ label: `Mean ${name}`, points: epochPoints(kept, skipFirst + 1), color: '#1f77b4', style: 'line' });
  }
  if (options.markEpoch !== undefined) {
    const epoch = options.markEpoch;
    if (!Number.isInteger(epoch) || epoch <= skipFirst || epoch > values.length) {
      throw new ValueError(`plotCrossValidation: \`markEpoch\` must be an epoch on the plotted curve, from ${skipFirst + 1} to ${values.length}. Received: markEpoch=${epoch}`);
    }
    const curve = series[series.length - 1].points;
    series.push({ label: `Epoch ${epoch}`, points: [curve[epoch - skipFirst - 1]], color: '#d62728', style: 'markers' });
  }
  const title = options.title ?? `Mean ${name} over the folds${factor > 0 ? ', smoothed' : ''}`;
  const svg = renderFigure([{ title, xLabel: 'Epochs', yLabel: capitalize(name), series, integerX: true }]);
  if (options.file !== undefined) saveFigure(svg, options.file, 'plotCrossValidation');
  return svg;
}
