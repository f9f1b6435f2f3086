// The host's own f32x4 ceiling, measured in the same run as the GEMMs: the arithmetic of the 4×8
// register tile that kerasm's GEMM microkernel runs (8 f32x4.mul + 8 f32x4.add per k-step, 64
// flops), in a loop of hand-written WebAssembly, so no compiler choice of ours is in the figure.
// - `arithmetic`: A's four splats held in registers, only B's two vectors loaded per step: the
//   mul/add throughput of the core with as few loads as varying products allow.
// - `loads`: each step loads its operands as the microkernel does (two B vectors, four A
//   splats) from panels that stay in L1: the most a 4×8 splat-load kernel can reach here.
// Without FMA (relaxed SIMD is behind a flag in Node 20, and it would make results depend on the
// CPU) these bound GEMM's GFLOP/s on this host; the issue's 47 GFLOP/s ceiling is a Zen 5 figure.
import wabtInit from 'wabt';

/** k-steps per call of the loop, and the panels' depth in the `loads` variant (A: 4 KiB, B: 8 KiB). */
const DEPTH = 256;
const A_OFFSET = 0;
const B_OFFSET = DEPTH * 4 * 4;

const accumulators = [...Array(8).keys()];
const operands = ['a0', 'a1', 'a2', 'a3', 'b0', 'b1'];

/** Row `r` of one k-step: its two multiply-adds, with A's lane in `$a{aLocal}`. */
function row(r, aLocal) {
  return [0, 1]
    .map((h) => `(local.set $c${2 * r + h} (f32x4.add (local.get $c${2 * r + h}) (f32x4.mul (local.get $${aLocal}) (local.get $b${h}))))`)
    .join(' ');
}

function moduleText() {
  const locals = `${accumulators.map((i) => `(local $c${i} v128)`).join(' ')} ${operands.map((n) => `(local $${n} v128)`).join(' ')} (local $a v128) (local $pa i32) (local $pb i32) (local $p i32)`;
  const sum = accumulators.slice(1).reduce((acc, i) => `(f32x4.add ${acc} (local.get $c${i}))`, '(local.get $c0)');
  // From memory, not constants, so V8 cannot fold the products.
  const loadOperands = operands.map((n, i) => `(local.set $${n} (v128.load offset=${16 * i} (i32.const ${A_OFFSET})))`).join(' ');
  const loadB = '(local.set $b0 (v128.load (local.get $pb))) (local.set $b1 (v128.load offset=16 (local.get $pb)))';
  const bump = '(local.set $pa (i32.add (local.get $pa) (i32.const 16))) (local.set $pb (i32.add (local.get $pb) (i32.const 32)))';
  // A's four splats stay in registers; B's two vectors are loaded each step, which keeps V8 from
  // hoisting the products out of the loop (it does move loop-invariant code).
  const arithmetic = [loadB, ...[0, 1, 2, 3].map((r) => row(r, `a${r}`)), bump].join('\n');
  // As the microkernel: two B vectors, then one A splat per row, used at once (11 live vectors).
  // Offsets are immediates, so the loop's only address arithmetic is the two pointer bumps.
  const fromPanels = [
    loadB,
    ...[0, 1, 2, 3].map((r) => `(local.set $a (v128.load32_splat offset=${4 * r} (local.get $pa))) ${row(r, 'a')}`),
    bump,
  ].join('\n');
  // $reps passes over DEPTH steps; the accumulators' lane 0 sum is returned so nothing is dead.
  const loop = (name, step) => `(func (export "${name}") (param $reps i32) (result f32) ${locals}
    ${loadOperands}
    (loop $rep
      (local.set $pa (i32.const ${A_OFFSET})) (local.set $pb (i32.const ${B_OFFSET})) (local.set $p (i32.const ${DEPTH}))
      (loop $step
        ${step}
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br_if $step (local.get $p)))
      (local.set $reps (i32.sub (local.get $reps) (i32.const 1)))
      (br_if $rep (local.get $reps)))
    (f32x4.extract_lane 0 ${sum}))`;
  return `(module (memory (export "memory") 1)
    ${loop('arithmetic', arithmetic)}
    ${loop('loads', fromPanels)})`;
}

let exports;

/** Assembles the probe module (WABT's wat2wasm, compiled to wasm itself). */
export async function init() {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('probe.wat', moduleText(), { simd: true });
  const { buffer } = parsed.toBinary({});
  parsed.destroy();
  ({ exports } = (await WebAssembly.instantiate(buffer)).instance);
  // Panels of small positive values, so sums stay finite.
  new Float32Array(exports.memory.buffer, 0, B_OFFSET / 4 + DEPTH * 8).fill(1 / 64);
  return { threads: 1, depth: DEPTH };
}

/** `probe.steps` k-steps of the tile (a multiple of DEPTH) per `run`. */
export function probeTask(probe) {
  const kernel = exports[probe.variant];
  if (!kernel) throw new Error(`bench: unknown probe variant "${probe.variant}" (expected arithmetic or loads)`);
  if (probe.steps % DEPTH !== 0) throw new Error(`bench: probe steps must be a multiple of ${DEPTH}, got ${probe.steps}`);
  let lane;
  return {
    run: () => {
      lane = kernel(probe.steps / DEPTH);
    },
    check: () => ({ laneSum: lane }),
  };
}
