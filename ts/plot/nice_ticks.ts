/** An axis range widened to round numbers, and the round tick values inside it. */
export interface AxisTicks {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/**
 * "Nice numbers for graph labels" (Heckbert, Graphics Gems, 1990): a step of 1, 2 or 5 × 10^k
 * giving at most about `maxTicks` ticks, and the range widened to whole steps. With `integer`,
 * steps are at least 1 (epoch axes). A zero-width range is widened around its value.
 */
export function niceTicks(min: number, max: number, maxTicks = 6, integer = false): AxisTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const range = niceNumber(max - min, false);
  let step = niceNumber(range / Math.max(1, maxTicks - 1), true);
  if (integer) step = Math.max(1, Math.round(step));
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Counting steps (not adding them up) keeps tick values free of accumulated rounding error.
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) ticks.push(roundToStep(lo + i * step, step));
  return { min: lo, max: hi, step, ticks };
}

/** Formats a tick value with just enough decimals for its step. */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const text = value.toFixed(Math.min(decimals, 10));
  return text === '-0' ? '0' : text.replace(/^-0(\.0+)?$/, '0$1');
}

function niceNumber(x: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(x));
  const fraction = x / 10 ** exponent;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 15)));
}
