import { Random } from 'kerasm';

describe('Random (xoshiro128** seeded by splitmix64)', () => {
  // Golden values printed by tests/random_reference.c, the reference C algorithms.
  test.each([
    [0, [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774]],
    [42, [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222]],
    [9007199254740991, [1233166643, 1287031142, 661813442, 2960669951, 2601079046, 1036114921]],
  ])('seed %d matches the reference implementation', (seed, expected) => {
    const rng = new Random(seed);
    expect(Array.from({ length: expected.length }, () => rng.nextUint32())).toEqual(expected);
  });

  test('the same seed repeats, different seeds differ', () => {
    const a = new Random(123).permutation(100);
    const b = new Random(123).permutation(100);
    const c = new Random(124).permutation(100);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  test('nextFloat stays in [0, 1) and is roughly uniform', () => {
    const rng = new Random(9);
    const bins = new Array(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100000; i++) {
      const u = rng.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      else bins[Math.floor(u * 10)]++;
    }
    expect(outside).toBe(0);
    // Each bin expects 10 000 with a standard deviation of about 95.
    for (const count of bins) expect(Math.abs(count - 10000)).toBeLessThan(600);
  });

  test('nextInt is unbiased over a bound that does not divide 2^32', () => {
    const rng = new Random(5);
    const counts = new Array(3).fill(0);
    for (let i = 0; i < 30000; i++) counts[rng.nextInt(3)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    expect(() => rng.nextInt(0)).toThrow(/Received: maxExclusive=0/);
  });

  test('permutation holds every index once; shuffleInPlace keeps the elements', () => {
    const p = new Random(1).permutation(1000);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const arr = ['a', 'b', 'c', 'd', 'e'];
    const same = new Random(2).shuffleInPlace(arr);
    expect(same).toBe(arr);
    expect([...arr].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('every position is equally likely to receive each element', () => {
    const rng = new Random(77);
    const firstCounts = new Array(4).fill(0);
    for (let t = 0; t < 8000; t++) firstCounts[rng.permutation(4)[0]]++;
    for (const c of firstCounts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  test('without a seed, one is drawn and recorded so the run can be repeated', () => {
    const rng = new Random();
    const replay = new Random(rng.seed);
    expect(rng.nextUint32()).toBe(replay.nextUint32());
  });

  test('invalid seeds are rejected in Keras style', () => {
    expect(() => new Random(-1)).toThrow(/Received: seed=-1/);
    expect(() => new Random(1.5)).toThrow(/non-negative safe integer/);
  });
});
