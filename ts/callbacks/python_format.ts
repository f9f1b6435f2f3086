/**
 * The bits of Python's number formatting that Keras's file-writing callbacks show to users:
 * `repr(float)` (CSVLogger's values) and `str.format` fields such as `{epoch:02d}` or
 * `{val_loss:.2f}` (ModelCheckpoint's file names), so logs and file names read as in Keras.
 */
import { ValueError } from '../errors';
import { pythonExponential, pythonFixed } from '../utils/python_number';

/** Python's `repr(float)`: shortest round-trip digits, `1.0` for integral values, `1e-05` below 1e-4. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = value.toExponential().split('e');
  const exponent = Number(exp);
  // CPython's float_repr_style "short": scientific when the decimal point is off by over 16 places or below 1e-4.
  if (exponent < -4 || exponent >= 16) {
    const digits = mantissa.replace(/\.?0+$/, '') || mantissa;
    return `${digits}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - exponent));
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** A format spec this module understands: `[0][width][.precision][type]`, type one of d f e g %. */
const SPEC = /^(0)?(\d+)?(?:\.(\d+))?([dfeg%])?$/;

/** One value formatted as Python's `format(value, spec)` for the spec grammar above. */
function formatValue(value: number, spec: string, field: string, template: string): string {
  const match = SPEC.exec(spec);
  if (!match) {
    throw new ValueError(`Failed to format the file path "${template}": the format spec of {${field}:${spec}} is not supported (use e.g. 02d, .2f, .3e). Received: ${spec}`);
  }
  const [, zero, width, precision, type] = match;
  let text: string;
  if (type === 'd') {
    if (!Number.isInteger(value)) throw new ValueError(`Failed to format the file path "${template}": {${field}:${spec}} needs an integer. Received: ${field}=${value}`);
    text = String(value);
  } else if (type === 'f') text = pythonFixed(value, Number(precision ?? 6));
  else if (type === 'e') text = pythonExponential(value, Number(precision ?? 6));
  else if (type === '%') text = `${pythonFixed(value * 100, Number(precision ?? 6))}%`;
  else if (type === 'g' || precision !== undefined) text = String(Number(value.toPrecision(Number(precision ?? 6) || 1)));
  else text = Number.isInteger(value) && field === 'epoch' ? String(value) : pythonFloat(value);
  if (width === undefined || text.length >= Number(width)) return text;
  const pad = Number(width) - text.length;
  if (!zero) return ' '.repeat(pad) + text;
  return text.startsWith('-') ? `-${'0'.repeat(pad)}${text.slice(1)}` : '0'.repeat(pad) + text;
}

/**
 * Fills `{name}` and `{name:spec}` fields of `template` from `values`, as Python's `str.format`;
 * `{{` and `}}` are literal braces. A field with no value is an error naming what is available.
 */
export function formatTemplate(template: string, values: Record<string, number>): string {
  return template.replace(/\{\{|\}\}|\{([^{}:]+)(?::([^{}]*))?\}/g, (whole, field: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const name = field as string;
    if (!(name in values)) {
      throw new ValueError(
        `Failed to format the file path "${template}": no value named \`${name}\`. Available: ${Object.keys(values).join(', ')}. Received: {${name}}`,
      );
    }
    return formatValue(values[name], spec ?? '', name, template);
  });
}
