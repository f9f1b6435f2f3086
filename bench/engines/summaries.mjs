// Checksums each engine reports after timing, so a run shows that all engines computed the same
// thing (same operands, same initial weights) and not just that they were fast.

/** Mean of a numeric array, accumulated in float64. */
export function mean(values) {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
