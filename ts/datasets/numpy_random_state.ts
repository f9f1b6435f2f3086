import { ValueError } from '../errors';

/**
 * NumPy's legacy `np.random.RandomState(seed).shuffle` on a 1-D array, bit for bit, so that the
 * data-set loaders shuffle exactly as Keras's `load_data(seed=113)` does (Keras shuffles an
 * `np.arange(n)` index with it). With it, Boston housing's train/test split and Reuters' sample
 * order equal Keras's; the rest of kerasm uses the faster {@link Random}.
 *
 * The generator is MT19937 (Matsumoto & Nishimura's `mt19937ar`) seeded with `init_genrand`,
 * which is what `RandomState(int)` does; the shuffle is NumPy's Fisher–Yates from the end, where
 * the swap partner of position `i` is drawn by `random_interval(i)`: the next 32-bit output
 * masked to the smallest all-ones mask covering `i`, retried while above `i`.
 */
export class NumpyRandomState {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ValueError(`The shuffle seed must be an integer between 0 and 2**32 - 1, as NumPy requires. Received: seed=${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** The next tempered 32-bit output of MT19937. */
  nextUint32(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Shuffles `arr` in place exactly as `RandomState.shuffle` shuffles a 1-D NumPy array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** `np.arange(n)` shuffled: the index permutation Keras's loaders apply. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** A uniform integer in [0, max] by masked rejection (NumPy's `random_interval`, max < 2^32). */
  private randomInterval(max: number): number {
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    for (;;) {
      const value = (this.nextUint32() & mask) >>> 0;
      if (value <= max) return value;
    }
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
      mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}
