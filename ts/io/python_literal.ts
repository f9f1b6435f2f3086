import { ValueError } from '../errors';

/** A value of the Python literal subset that `.npy` headers use. */
export type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

const WORD = /True|False|None|-?\d+L?/y;

/**
 * Parses the Python literal of a `.npy` header, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`: dicts, tuples and lists (trailing
 * commas allowed), quoted strings, integers (with Python 2's `L` suffix), True/False/None.
 * Handwritten because it is this small and no JS library parses Python literals. Nesting deeper
 * than `maxDepth` is refused, so a hostile header cannot overflow the stack; dict keys go into
 * null-prototype objects, so `'__proto__'` is a key like any other.
 */
export function parsePythonLiteral(text: string, maxDepth = 32): PythonValue {
  let pos = 0;
  let depth = 0;

  const fail = (what: string): never => {
    throw new ValueError(`${what} at character ${pos} of the header. Received: header=${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}`, 'CORRUPT_FILE');
  };
  const enter = (): void => {
    if (++depth > maxDepth) fail(`Nesting deeper than ${maxDepth} levels`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const sequence = (close: string): PythonValue[] => {
    const items: PythonValue[] = [];
    enter();
    pos++;
    for (;;) {
      skipSpace();
      if (text[pos] === close) {
        pos++;
        depth--;
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
      const dict: { [key: string]: PythonValue } = Object.create(null);
      enter();
      pos++;
      for (;;) {
        skipSpace();
        if (text[pos] === '}') {
          pos++;
          depth--;
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
    // Sticky, so matching at `pos` costs no copy of the rest of the text.
    WORD.lastIndex = pos;
    const word = WORD.exec(text);
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
