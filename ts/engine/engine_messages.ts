/**
 * The engine's error messages in the user's words. The engine names arguments as its JSON specs
 * spell them (`batch_size`, `layers[0].config.input_dim`) and reports a spec field it cannot
 * hold with serde's text ("invalid value: integer `8589934592`, expected usize"); users wrote
 * `batchSize` and `inputDim`. The TS layer checks what it can before the engine sees it; this is
 * the net under those checks, so no engine spelling reaches a user.
 */

/** `snake_case` → `camelCase`; other words unchanged. */
export function camelCase(name: string): string {
  return name.replace(/([a-z0-9])_([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase());
}

/**
 * An argument path with each snake_case part in camelCase (`layers[0].config.input_dim` →
 * `layers[0].config.inputDim`); quoted parts are the user's own names (`y['my_output']`) and stay.
 */
function userPath(path: string): string {
  return path
    .split(/('[^']*'|"[^"]*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[A-Za-z_][A-Za-z0-9_]*/g, camelCase)))
    .join('');
}

/** serde's text for a value of the wrong type or range: what it got, and the Rust type it wanted. */
const SERDE_VALUE = /^invalid (?:value|type): (integer|floating point|string|boolean) `?("(?:[^"\\]|\\.)*"|[^`]+?)`?, expected (.+?)(?: at line \d+ column \d+)?$/;

/** The unsigned types the engine reads counts and sizes as; wasm32's `usize` is 32 bits. */
const UNSIGNED_MAX: Record<string, number> = { u8: 255, u16: 65535, u32: 4294967295, usize: 4294967295, u64: Number.MAX_SAFE_INTEGER };

/** What a Rust type expects, in words. */
function expectedWords(rustType: string, kind: string): string {
  const max = UNSIGNED_MAX[rustType];
  if (max !== undefined) return `an integer in [0, ${max}]${kind === 'integer' ? ' (the largest count the engine can hold)' : ''}`;
  if (rustType === 'f32' || rustType === 'f64') return 'a finite number';
  if (rustType === 'a boolean') return 'true or false';
  return rustType;
}

/**
 * `INVALID_JSON` text of a field serde could not read, rewritten to name the field as the user
 * spelled it (found in the echoed JSON by its value) and what it must be.
 */
function fieldMessage(argument: string, serde: string, received: string): string | undefined {
  const match = SERDE_VALUE.exec(serde);
  if (!match) return undefined;
  const [, kind, value, rustType] = match;
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const key = new RegExp(`"([A-Za-z0-9_]+)":${escaped}(?=[,}\\]])`).exec(received)?.[1];
  const field = key ? camelCase(key) : userPath(argument);
  return `Argument \`${field}\` of ${userPath(argument)} must be ${expectedWords(rustType, kind)}. Received: ${field}=${value}`;
}

/**
 * The engine's message `text` (of error `code`) in the user's words: argument names in
 * backquotes and before `=` in `Received:` camelCased, serde's number errors rewritten. Values
 * (a loss name such as `binary_crossentropy`) stay as the user gave them.
 */
export function userMessage(code: string, text: string): string {
  if (code === 'INVALID_JSON') {
    const json = /^Could not read `([^`]+)`: ([\s\S]*?)\. Expected valid JSON[\s\S]*?Received: [^=]+=([\s\S]*)$/.exec(text);
    const rewritten = json && fieldMessage(json[1], json[2], json[3]);
    if (rewritten) return rewritten;
  }
  return text
    .replace(/`([A-Za-z_][A-Za-z0-9_.[\]'"]*)`/g, (_, path: string) => `\`${userPath(path)}\``)
    .replace(/(Received: |, )([A-Za-z_][A-Za-z0-9_.[\]]*)=/g, (_, lead: string, path: string) => `${lead}${userPath(path)}=`);
}
