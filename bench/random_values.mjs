// Deterministic pseudo-random floats shared by every engine's child process, so all engines see
// bit-identical GEMM operands and initial weights. Hand-written (mulberry32, a few lines) rather
// than a dependency: the TF.js and brain.js children must not load kerasm to get them.

/** Returns a generator of uniform floats in [0, 1) for a 32-bit seed. */
export function uniformGenerator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` floats uniform in [low, high), from `seed`. */
export function uniformArray(length, seed, low = -1, high = 1) {
  const next = uniformGenerator(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = low + (high - low) * next();
  return out;
}
