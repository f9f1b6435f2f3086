/**
 * JSON from untrusted files, bounded: the text's nesting depth is measured in one linear scan
 * before `JSON.parse` sees it, so a config nested 100 000 deep is refused instead of overflowing
 * the stack of whatever walks it later.
 */
import { ValueError } from '../errors';

/** Keras configs nest about 10 levels; 64 leaves room for any real one. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in JSON `text` (strings skipped), stopping early past `limit`. */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** `JSON.parse(text)` after checking its depth; `source` names the text in errors (`CORRUPT_FILE`). */
export function parseJsonBounded(text: string, source: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (jsonDepth(text, maxDepth) > maxDepth) {
    throw new ValueError(`${source} nests deeper than ${maxDepth} levels; it is not read. Received: ${text.length} characters`, 'CORRUPT_FILE');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValueError(`${source} is not valid JSON: ${(error as Error).message}. Received: ${text.length} characters`, 'CORRUPT_FILE');
  }
}

/** The depth of a value already parsed (a user's config object), walked without recursion, stopping past `limit`. */
export function valueDepth(value: unknown, limit = DEFAULT_MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  const seen = new Set<object>();
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || seen.has(v)) continue;
    seen.add(v);
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}
