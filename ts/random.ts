import { ValueError } from './errors';

/**
 * A seeded pseudo-random generator shared by the whole package (shuffles, splits, the model's
 * per-epoch shuffle), so that one integer seed reproduces a run in any JS host.
 *
 * The generator is xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/): 128 bits of
 * state, period 2^128 − 1, passes BigCrush, and needs only 32-bit integer operations, which JS
 * does fast with `Math.imul` and `>>>` (a 64-bit generator such as PCG32 would need BigInt on
 * every draw). As its authors recommend, the 128-bit state is filled from the seed by two outputs
 * of splitmix64, which never yields the forbidden all-zero state.
 *
 * @example
 * ```ts
 * const rng = new Random(42);
 * rng.nextUint32();     // the same number on every run and host
 * rng.nextFloat();      // in [0, 1)
 * rng.permutation(5);   // e.g. Int32Array [3, 0, 4, 1, 2]
 * ```
 */
export class Random {
  /** The seed this generator started from (drawn at random when none was given). */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed - a non-negative safe integer; omitted, a random seed is drawn (and kept in
   *   {@link Random.seed} so the run can be repeated).
   */
  constructor(seed?: number) {
    if (seed === undefined) {
      seed = randomSeed();
    } else if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ValueError(
        `Random seed must be a non-negative safe integer (0 ≤ seed ≤ ${Number.MAX_SAFE_INTEGER}). Received: seed=${seed}`,
      );
    }
    this.seed = seed;
    let state = BigInt(seed);
    const draw = (): bigint => {
      state = (state + 0x9e3779b97f4a7c15n) & MASK64;
      return splitmix64Mix(state);
    };
    const a = draw();
    const b = draw();
    this.s0 = Number(a & MASK32);
    this.s1 = Number(a >> 32n);
    this.s2 = Number(b & MASK32);
    this.s3 = Number(b >> 32n);
  }

  /**
   * The next 32 random bits, as an integer in [0, 2^32).
   *
   * @example
   * ```ts
   * new Random(1).nextUint32(); // an integer below 4294967296
   * ```
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits (every representable multiple of 2^-53).
   *
   * @example
   * ```ts
   * const u = new Random(7).nextFloat(); // 0 <= u < 1
   * ```
   */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, maxExclusive), without modulo bias.
   *
   * Rejection sampling as in OpenBSD's `arc4random_uniform`: draws below 2^32 mod n are
   * rejected, so the accepted range is a whole number of copies of [0, n).
   *
   * @example
   * ```ts
   * new Random(3).nextInt(6); // a die roll minus one: 0..5
   * ```
   */
  nextInt(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 0x100000000) {
      throw new ValueError(
        `nextInt needs an integer bound between 1 and 2^32. Received: maxExclusive=${maxExclusive}`,
      );
    }
    const threshold = 0x100000000 % maxExclusive;
    for (;;) {
      const r = this.nextUint32();
      if (r >= threshold) return r % maxExclusive;
    }
  }

  /**
   * A random permutation of `0..n-1`.
   *
   * @example
   * ```ts
   * new Random(0).permutation(4); // the numbers 0, 1, 2, 3 in a seeded order
   * ```
   */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new ValueError(`permutation needs a non-negative integer length. Received: n=${n}`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffleInPlace(out);
  }

  /**
   * Shuffles an array or typed array in place (Fisher–Yates, from the end) and returns it.
   *
   * @example
   * ```ts
   * const a = [1, 2, 3, 4];
   * new Random(5).shuffleInPlace(a); // same array, seeded order
   * ```
   */
  shuffleInPlace<T extends { length: number; [index: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }
}

const MASK32 = 0xffffffffn;
const MASK64 = 0xffffffffffffffffn;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function splitmix64Mix(x: bigint): bigint {
  let z = x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** A seed from the host's crypto source when there is one (browsers, Node ≥ 19), else Math.random. */
function randomSeed(): number {
  const cryptoSource = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (cryptoSource?.getRandomValues) {
    const words = cryptoSource.getRandomValues(new Uint32Array(2));
    return (words[0] & 0x1fffff) * 0x100000000 + words[1];
  }
  return Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
}
