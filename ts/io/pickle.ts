/**
 * A restricted unpickler for the one kind of pickle kerasm reads: a NumPy object array of word-id
 * lists, as `np.savez` stores the ragged sequences of Keras's `imdb.npz` and `reuters.npz`. Like
 * Keras 3's `RestrictedUnpickler`, it only knows how to rebuild NumPy arrays (`numpy.ndarray`,
 * `numpy.dtype`, `multiarray._reconstruct`, and `_codecs.encode` for protocol 2's bytes) and
 * refuses every other global, so a tampered file cannot run anything; it interprets the opcodes
 * itself with an explicit stack (no recursion), and every count it reads is bounded by the input.
 * Hand-written: no maintained JS library unpickles, and this subset is small.
 */
import { ValueError } from '../errors';

type Value = number | boolean | null | string | Uint8Array | Value[] | Tuple | Global | NdArray | DType;
/** Python tuples are kept apart from lists, as BUILD's state and REDUCE's arguments are tuples. */
class Tuple {
  constructor(readonly items: Value[]) {}
}
class Global {
  constructor(readonly name: string) {}
}
class NdArray {
  shape: number[] = [];
  dtype = '';
  data: Value = null;
}
class DType {
  constructor(readonly name: string) {}
}
const ALLOWED = new Set(['numpy.ndarray', 'numpy.dtype', 'numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct', '_codecs.encode']);

/** The object array pickled in `bytes` (from `offset`), as lists of integers; `source` names it in errors. */
export function unpickleObjectArray(bytes: Uint8Array, source: string, offset = 0): number[][] {
  const array = unpickle(bytes, source, offset);
  const fail = (what: string): never => {
    throw new ValueError(`${source} is not an object array of integer lists: ${what}. Received: a pickle of that shape`, 'CORRUPT_FILE');
  };
  if (!(array instanceof NdArray)) return fail('the pickle holds no NumPy array');
  if (!array.dtype.startsWith('O')) fail(`its dtype is ${array.dtype}, not object`);
  if (array.shape.length !== 1 || !Array.isArray(array.data) || array.data.length !== array.shape[0]) fail('it is not one-dimensional with as many items as its shape says');
  return (array.data as Value[]).map((item, i) => {
    const list = item instanceof NdArray ? integersOf(item, source) : item;
    if (!Array.isArray(list) || !list.every((w) => typeof w === 'number' && Number.isSafeInteger(w))) return fail(`item ${i} is not a list of integers`);
    return list as number[];
  });
}

/** The integers of a numeric array item (`<i8`, `<i4`, …, stored as raw bytes). */
function integersOf(array: NdArray, source: string): number[] {
  const size = Number(/^[<|=]?[iu](\d)$/.exec(array.dtype)?.[1] ?? 0);
  if (!(array.data instanceof Uint8Array) || ![1, 2, 4, 8].includes(size) || array.data.length % size) {
    throw new ValueError(`${source} holds an array item of dtype ${array.dtype}; expected integer lists. Received: an unsupported item`, 'CORRUPT_FILE');
  }
  const view = new DataView(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const signed = array.dtype.includes('i');
  return Array.from({ length: array.data.length / size }, (_, i) => {
    const at = i * size;
    if (size === 8) return Number(signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true));
    if (size === 4) return signed ? view.getInt32(at, true) : view.getUint32(at, true);
    if (size === 2) return signed ? view.getInt16(at, true) : view.getUint16(at, true);
    return signed ? view.getInt8(at) : view.getUint8(at);
  });
}

function unpickle(bytes: Uint8Array, source: string, start: number): Value {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: Value[] = [];
  const marks: number[] = [];
  const memo = new Map<number, Value>();
  let pos = start;
  const fail = (what: string): never => {
    throw new ValueError(`${source} has an unreadable pickle: ${what} at byte ${pos}. Received: ${bytes.length} bytes`, 'CORRUPT_FILE');
  };
  const take = (n: number): number => {
    if (n < 0 || pos + n > bytes.length) fail('it ends early');
    const at = pos;
    pos += n;
    return at;
  };
  const pop = (): Value => (stack.length ? (stack.pop() as Value) : fail('the stack is empty'));
  const popMark = (): Value[] => {
    const at = marks.pop() ?? fail('no mark');
    return stack.splice(at);
  };
  const text = (n: number, encoding: 'utf-8' | 'latin1'): string => new TextDecoder(encoding).decode(bytes.subarray(take(n), pos));
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('a line has no end');
    return text(end - pos, 'latin1').replace(/\n$/, '') + (take(1), '');
  };
  const global = (module: string, name: string): Global => {
    const full = `${module}.${name}`;
    if (!ALLOWED.has(full)) fail(`it asks for ${full}, which kerasm refuses to load (only NumPy array reconstruction is allowed)`);
    return new Global(full);
  };
  const reduce = (callable: Value, args: Value): Value => {
    const items = args instanceof Tuple ? args.items : fail('REDUCE without an argument tuple');
    if (!(callable instanceof Global)) return fail('REDUCE on something that is not a global');
    if (callable.name.endsWith('._reconstruct')) return new NdArray();
    if (callable.name === 'numpy.dtype') return new DType(typeof items[0] === 'string' ? items[0] : fail('a dtype without a name'));
    if (callable.name === '_codecs.encode' && typeof items[0] === 'string') return Uint8Array.from(items[0], (c) => c.charCodeAt(0) & 0xff);
    return fail(`a call of ${callable.name} with these arguments`);
  };
  const build = (target: Value, state: Value): Value => {
    if (target instanceof DType) return target;
    if (!(target instanceof NdArray) || !(state instanceof Tuple) || state.items.length !== 5) return fail('BUILD of something other than an array');
    const [, shape, dtype, , data] = state.items;
    if (!(shape instanceof Tuple) || !shape.items.every((d) => typeof d === 'number') || !(dtype instanceof DType)) fail('an array state without shape and dtype');
    target.shape = (shape as Tuple).items as number[];
    target.dtype = (dtype as DType).name;
    target.data = data;
    return target;
  };
  for (;;) {
    const op = bytes[take(1)];
    switch (op) {
      case 0x80: take(1); break; // PROTO
      case 0x95: take(8); break; // FRAME
      case 0x2e: return stack.length === 1 ? stack[0] : fail('STOP with more than one value'); // STOP
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { const name = pop(); const module = pop(); stack.push(typeof module === 'string' && typeof name === 'string' ? global(module, name) : fail('STACK_GLOBAL without names')); break; }
      case 0x71: memo.set(bytes[take(1)], stack.at(-1) ?? fail('BINPUT on an empty stack')); break; // BINPUT
      case 0x72: memo.set(view.getUint32(take(4), true), stack.at(-1) ?? fail('LONG_BINPUT on an empty stack')); break;
      case 0x94: memo.set(memo.size, stack.at(-1) ?? fail('MEMOIZE on an empty stack')); break;
      case 0x70: memo.set(Number(line()), stack.at(-1) ?? fail('PUT on an empty stack')); break;
      case 0x68: stack.push(memo.has(bytes[take(1)]) ? (memo.get(bytes[pos - 1]) as Value) : fail('BINGET of nothing')); break;
      case 0x6a: { const key = view.getUint32(take(4), true); stack.push(memo.has(key) ? (memo.get(key) as Value) : fail('LONG_BINGET of nothing')); break; }
      case 0x67: { const key = Number(line()); stack.push(memo.has(key) ? (memo.get(key) as Value) : fail('GET of nothing')); break; }
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x29: stack.push(new Tuple([])); break; // EMPTY_TUPLE
      case 0x74: stack.push(new Tuple(popMark())); break; // TUPLE
      case 0x85: stack.push(new Tuple([pop()])); break;
      case 0x86: { const b = pop(); stack.push(new Tuple([pop(), b])); break; }
      case 0x87: { const c = pop(); const b = pop(); stack.push(new Tuple([pop(), b, c])); break; }
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x61: { const item = pop(); const list = stack.at(-1); if (!Array.isArray(list)) fail('APPEND to a non-list'); (list as Value[]).push(item); break; }
      case 0x65: { const items = popMark(); const list = stack.at(-1); if (!Array.isArray(list)) fail('APPENDS to a non-list'); for (const item of items) (list as Value[]).push(item); break; }
      case 0x4b: stack.push(bytes[take(1)]); break; // BININT1
      case 0x4d: stack.push(view.getUint16(take(2), true)); break; // BININT2
      case 0x4a: stack.push(view.getInt32(take(4), true)); break; // BININT
      case 0x8a: { // LONG1: a little-endian two's-complement integer of n bytes
        const n = bytes[take(1)];
        if (n > 8) fail('an integer wider than 64 bits');
        const at = take(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]);
        if (n && bytes[at + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(Number(v));
        break;
      }
      case 0x47: stack.push(view.getFloat64(take(8), false)); break; // BINFLOAT
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x58: stack.push(text(view.getUint32(take(4), true), 'utf-8')); break; // BINUNICODE
      case 0x8c: stack.push(text(bytes[take(1)], 'utf-8')); break; // SHORT_BINUNICODE
      case 0x55: stack.push(text(bytes[take(1)], 'latin1')); break; // SHORT_BINSTRING
      case 0x54: stack.push(text(view.getUint32(take(4), true), 'latin1')); break; // BINSTRING
      case 0x43: { const n = bytes[take(1)]; stack.push(bytes.slice(take(n), pos)); break; } // SHORT_BINBYTES
      case 0x42: { const n = view.getUint32(take(4), true); stack.push(bytes.slice(take(n), pos)); break; } // BINBYTES
      case 0x52: { const args = pop(); stack.push(reduce(pop(), args)); break; } // REDUCE
      case 0x62: { const state = pop(); stack.push(build(pop(), state)); break; } // BUILD
      default:
        fail(`opcode 0x${(op ?? 0).toString(16).padStart(2, '0')} is not one an array pickle uses`);
    }
  }
}
