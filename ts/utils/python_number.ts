/**
 * Python's `f` and `e` number formats, for text that must read as Keras prints it. JavaScript's
 * `toFixed` rounds an exact tie away from zero (2.5 → "3") where Python rounds it to even ("2"),
 * writes one exponent digit where Python writes two, and spells NaN and infinity differently.
 */

/**
 * Python's `format(value, '.{digits}f')`.
 */
export function pythonFixed(value: number, digits: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e21) return `${sign}${BigInt(magnitude)}${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
  const rounded = magnitude.toFixed(digits);
  // An exact tie needs few binary digits (it is j / 2^(digits + 1)), so 25 more decimals show all of it.
  const exact = magnitude.toFixed(Math.min(100, digits + 25));
  const keep = exact.indexOf('.') + (digits > 0 ? 1 + digits : 0);
  if (/^\.?50*$/.test(exact.slice(keep))) {
    const down = exact.slice(0, keep);
    if (Number(down[down.length - 1]) % 2 === 0) return sign + down;
  }
  return sign + rounded;
}

/**
 * Python's `format(value, '.{digits}e')`: a two-digit exponent at least.
 */
export function pythonExponential(value: number, digits: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const text = Object.is(value, -0) ? `-${(0).toExponential(digits)}` : value.toExponential(digits);
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

function nonFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return undefined;
}
