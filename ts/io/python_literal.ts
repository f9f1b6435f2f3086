import { ValueError } from '../errors';

/** A value of the Python literal subset that `.npy` headers use. */
export type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

/**
 * Parses the Python literal of a `.npy` header, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`: dicts, tuples and lists (trailing
 * commas allowed), quoted strings, integers (with Python 2's `L` suffix), True/False/None.
 * Handwritten because it is this small and no JS library parses Python literals.
 */
export function parsePythonLiteral(text: string): PythonValue {
  let pos = 0;

  const fail = (what: string): never => {
    throw new ValueError(`${what} at character ${pos} of the header. Received: header=${JSON.stringify(text)}`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const sequence = (close: string): PythonValue[] => {
    const items: PythonValue[] = [];
    pos++;
    for (;;) {
      skipSpace();
      if (text[pos] === close) {
        pos++;
        return items;
      }
      items.push(value());
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`Expected ',' or '${close}'`);
    }
  };
  const value = (): PythonValue => {
    skipSpace();
    const c = text[pos];
    if (c === '{') {
      const dict: { [key: string]: PythonValue } = {};
      pos++;
      for (;;) {
        skipSpace();
        if (text[pos] === '}') {
          pos++;
          return dict;
        }
        const key = value();
        if (typeof key !== 'string') fail('Expected a string key');
        skipSpace();
        if (text[pos] !== ':') fail("Expected ':'");
        pos++;
        dict[key as string] = value();
        skipSpace();
        if (text[pos] === ',') pos++;
        else if (text[pos] !== '}') fail("Expected ',' or '}'");
      }
    }
    if (c === '(') return sequence(')');
    if (c === '[') return sequence(']');
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, pos + 1);
      if (end < 0) fail('Unterminated string');
      const s = text.slice(pos + 1, end);
      pos = end + 1;
      return s;
    }
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(pos));
    if (!word) return fail('Unexpected character');
    pos += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number.parseInt(word[0], 10);
  };

  const result = value();
  skipSpace();
  if (pos !== text.length) fail('Unexpected trailing text');
  return result;
}
