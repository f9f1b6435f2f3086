//! Gradient checks of every op: for every layer kind, each of its examples (see
//! `LayerKind::examples`), in training and in inference, its analytic backward against central
//! differences (accumulated in f64) from both ends (the output and the logits). The kinds and
//! their examples come from the layer registry, so a new kind is checked once it is registered.
mod common;

use common::{assert_close, central_difference, TestRng};
use kerasm_core::activation::Activation;
use kerasm_core::graph::{
    BackwardArgs, ForwardArgs, Grad, GradMode, InputGrads, Inputs, Op, Phase, Upstream,
};
use kerasm_core::layers::add::AddOp;
use kerasm_core::layers::concatenate::ConcatenateOp;
use kerasm_core::layers::dense::DenseOp;
use kerasm_core::layers::{describe, layer_examples, LAYER_KINDS};

/// Samples per case.
const BATCH: usize = 3;
/// Ops run in f32, so the step is large enough that rounding stays far below the tolerance.
const OP_STEP: f32 = 1e-2;
const OP_TOLERANCE: f64 = 2e-3;
const TRAINING: Phase = Phase::Training { seed: 42 };

/// One op to check: a layer example compiled, the rows of its view for `BATCH` samples, and
/// the range of its inputs when they are indices.
struct OpExample {
    what: String,
    op: Op,
    rows: usize,
    indices_below: Option<usize>,
}

/// Every example of every layer kind, compiled.
fn op_examples() -> Vec<OpExample> {
    let mut ops = Vec::new();
    for (kind, examples) in layer_examples() {
        for example in examples {
            let what = format!("{kind} {} on {:?}", example.config, example.input_shapes);
            let described = describe(kind, &example.config, &example.input_shapes)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            ops.push(OpExample {
                what,
                rows: BATCH * described.call.rows_per_sample,
                op: described.call.op,
                indices_below: example.indices_below,
            });
        }
    }
    ops
}

/// Every op case, with the phase it runs in.
fn op_cases() -> Vec<(OpExample, Phase)> {
    op_examples()
        .into_iter()
        .flat_map(|example| {
            [TRAINING, Phase::Inference].map(|phase| {
                let example = OpExample {
                    what: example.what.clone(),
                    op: example.op.clone(),
                    ..example
                };
                (example, phase)
            })
        })
        .collect()
}

/// Inputs, weights and the objective's weights `r` (L = Σ r·value) for one op case.
struct OpCase {
    op: Op,
    phase: Phase,
    rows: usize,
    /// False for indices, which get a zero gradient instead.
    differentiable: bool,
    /// One buffer per input.
    xs: Vec<Vec<f32>>,
    params: Vec<f32>,
    /// The non-trainable weights before the forward (a positive variance where there is one).
    state: Vec<f32>,
    r: Vec<f32>,
}

impl OpCase {
    fn new(example: &OpExample, phase: Phase, seed: u64) -> OpCase {
        let (op, rows) = (&example.op, example.rows);
        let mut rng = TestRng::new(seed);
        // Keep every pre-activation away from relu's kink, so a step never crosses it.
        for _ in 0..1000 {
            let xs = (0..op.arity())
                .map(|i| {
                    let len = rows * op.input_width(i);
                    match example.indices_below {
                        // Indices 1, 3, 1, …: a table row read twice, whose gradient must add both.
                        Some(below) => (0..len).map(|j| ((2 * j + 1) % below) as f32).collect(),
                        None => rng.uniform_vec(len, -1.0, 1.0),
                    }
                })
                .collect();
            let params = rng.uniform_vec(op.param_count(), -0.5, 0.5);
            let state = rng.uniform_vec(op.state_count(), 0.2, 1.5);
            let r = rng.uniform_vec(rows * op.output_width(), -1.0, 1.0);
            let case = OpCase {
                op: op.clone(),
                phase,
                rows,
                differentiable: example.indices_below.is_none(),
                xs,
                params,
                state,
                r,
            };
            let (_, logits, _) = case.forward(&case.xs, &case.params);
            if op.activation() == Activation::Linear || logits.iter().all(|z| z.abs() > 0.1) {
                return case;
            }
        }
        panic!("no kink-free inputs found for {op:?}");
    }

    /// (output, logits, scratch) for the given inputs and weights.
    fn forward(&self, xs: &[Vec<f32>], params: &[f32]) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
        let slots: Vec<usize> = (0..xs.len()).collect();
        let mut output = vec![0.0; self.rows * self.op.output_width()];
        let mut logits = vec![0.0; output.len()];
        let mut state = self.state.clone();
        let mut scratch = vec![0.0; self.op.scratch_len(self.rows)];
        self.op
            .forward(ForwardArgs {
                rows: self.rows,
                inputs: Inputs::new(xs, &slots),
                params,
                state: &mut state,
                output: &mut output,
                logits: Some(&mut logits),
                scratch: &mut scratch,
                phase: self.phase,
            })
            .expect("forward");
        (output, logits, scratch)
    }

    /// L = Σ r·y, or Σ r·z when the gradient starts at the logits.
    fn objective(&self, xs: &[Vec<f32>], params: &[f32], upstream: Upstream) -> f64 {
        let (output, logits, _) = self.forward(xs, params);
        let value = match upstream {
            Upstream::Output => output,
            Upstream::Logits => logits,
        };
        value
            .iter()
            .zip(&self.r)
            .map(|(&v, &r)| v as f64 * r as f64)
            .sum()
    }

    /// Analytic (dL/dxs, dL/dparams): written over NaNs, or added onto `accumulate_onto`.
    fn analytic(
        &self,
        upstream: Upstream,
        accumulate_onto: Option<f32>,
    ) -> (Vec<Vec<f32>>, Vec<f32>) {
        let (output, _, mut scratch) = self.forward(&self.xs, &self.params);
        let mut output_grad = self.r.clone();
        let start = accumulate_onto.unwrap_or(f32::NAN);
        let mut param_grads = vec![start; self.params.len()];
        let mut dxs: Vec<Vec<f32>> = self.xs.iter().map(|x| vec![start; x.len()]).collect();
        let mode = match accumulate_onto {
            Some(_) => GradMode::Accumulate,
            None => GradMode::Overwrite,
        };
        let targets: Vec<(usize, GradMode)> = (0..self.xs.len()).map(|i| (i, mode)).collect();
        let slots: Vec<usize> = (0..self.xs.len()).collect();
        self.op
            .backward(BackwardArgs {
                rows: self.rows,
                inputs: Inputs::new(&self.xs, &slots),
                params: &self.params,
                state: &self.state,
                output: &output,
                output_grad: &mut output_grad,
                upstream,
                scratch: &mut scratch,
                phase: self.phase,
                param_grads: match accumulate_onto {
                    Some(_) => Grad::Accumulate(&mut param_grads),
                    None => Grad::Overwrite(&mut param_grads),
                },
                input_grads: InputGrads::new(&mut dxs, &targets),
            })
            .expect("backward");
        (dxs, param_grads)
    }

    fn numeric(&self, upstream: Upstream) -> (Vec<Vec<f64>>, Vec<f64>) {
        let mut dxs = Vec::new();
        for (input, x) in self.xs.iter().enumerate() {
            let mut dx = Vec::new();
            for i in 0..x.len() {
                dx.push(if self.differentiable {
                    extrapolated_difference(x, i, |x| {
                        let mut xs = self.xs.clone();
                        xs[input] = x.to_vec();
                        self.objective(&xs, &self.params, upstream)
                    })
                } else {
                    0.0
                });
            }
            dxs.push(dx);
        }
        let mut dparams = Vec::new();
        for i in 0..self.params.len() {
            dparams.push(extrapolated_difference(&self.params, i, |p| {
                self.objective(&self.xs, p, upstream)
            }));
        }
        (dxs, dparams)
    }
}

/// Richardson's extrapolation of central differences at `OP_STEP` and half of it: the h² error
/// term cancels, which the normalizations (curved over a step, with 3 rows) need.
fn extrapolated_difference(values: &[f32], i: usize, f: impl Fn(&[f32]) -> f64) -> f64 {
    let coarse = central_difference(values, i, OP_STEP, &f);
    let fine = central_difference(values, i, OP_STEP / 2.0, &f);
    (4.0 * fine - coarse) / 3.0
}

#[test]
fn every_layer_kind_has_examples_that_compile_to_its_op() {
    let examples = layer_examples();
    assert_eq!(
        examples.iter().map(|(kind, _)| *kind).collect::<Vec<_>>(),
        LAYER_KINDS
    );
    for (kind, kind_examples) in examples {
        assert!(
            !kind_examples.is_empty(),
            "no example for the '{kind}' layer"
        );
    }
    for example in op_examples() {
        assert!(
            example.what.starts_with(example.op.kind()),
            "{}",
            example.what
        );
    }
}

#[test]
fn op_backward_matches_central_differences() {
    for (seed, (example, phase)) in op_cases().into_iter().enumerate() {
        let case = OpCase::new(&example, phase, seed as u64 + 1);
        for upstream in [Upstream::Output, Upstream::Logits] {
            let what = format!("{} in {phase:?} from {upstream:?}", example.what);
            let (dxs, dparams) = case.analytic(upstream, None);
            let (num_dxs, num_dparams) = case.numeric(upstream);
            for (input, (dx, num_dx)) in dxs.iter().zip(&num_dxs).enumerate() {
                for (i, (&a, &n)) in dx.iter().zip(num_dx).enumerate() {
                    let at = format!("{what}: dxs[{input}][{i}]");
                    assert_close(a as f64, n, OP_TOLERANCE, &at);
                }
            }
            for (i, (&a, &n)) in dparams.iter().zip(&num_dparams).enumerate() {
                assert_close(a as f64, n, OP_TOLERANCE, &format!("{what}: dparams[{i}]"));
            }
        }
    }
}

#[test]
fn accumulated_gradients_add_to_what_is_there() {
    for (seed, (example, phase)) in op_cases().into_iter().enumerate() {
        let case = OpCase::new(&example, phase, seed as u64 + 100);
        let (overwritten, params) = case.analytic(Upstream::Output, None);
        let (accumulated, accumulated_params) = case.analytic(Upstream::Output, Some(1.5));
        let pairs = accumulated
            .iter()
            .flatten()
            .zip(overwritten.iter().flatten())
            .chain(accumulated_params.iter().zip(&params));
        for (a, o) in pairs {
            let what = &example.what;
            assert!((a - (o + 1.5)).abs() < 1e-5, "{what}: {a} != {o} + 1.5");
        }
    }
}

#[test]
fn a_tensor_passed_twice_gets_both_gradients() {
    // add(x, x) = 2x and concatenate(x, x): the op overwrites on the first use, adds on the
    // second, as the graph wires it.
    let x = vec![vec![0.5f32, -1.0, 2.0, 0.25]];
    let slots = [0usize, 0];
    let targets = [(0usize, GradMode::Overwrite), (0, GradMode::Accumulate)];
    let cases = [
        (
            Op::Add(AddOp {
                width: 2,
                inputs: 2,
            }),
            vec![1.0f32, 2.0, 3.0, 4.0],
            vec![2.0f32, 4.0, 6.0, 8.0],
        ),
        (
            Op::Concatenate(ConcatenateOp { widths: vec![2, 2] }),
            vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
            vec![4.0, 6.0, 12.0, 14.0],
        ),
    ];
    for (op, dy, expected) in cases {
        let rows = 2;
        let mut output = vec![0.0; rows * op.output_width()];
        op.forward(ForwardArgs {
            rows,
            inputs: Inputs::new(&x, &slots),
            params: &[],
            state: &mut [],
            output: &mut output,
            logits: None,
            scratch: &mut [],
            phase: Phase::Inference,
        })
        .unwrap();
        let mut grads = vec![vec![f32::NAN; 4]];
        let mut output_grad = dy;
        op.backward(BackwardArgs {
            rows,
            inputs: Inputs::new(&x, &slots),
            params: &[],
            state: &[],
            output: &output,
            output_grad: &mut output_grad,
            upstream: Upstream::Output,
            scratch: &mut [],
            phase: Phase::Inference,
            param_grads: Grad::Overwrite(&mut []),
            input_grads: InputGrads::new(&mut grads, &targets),
        })
        .unwrap();
        assert_eq!(grads[0], expected, "{op:?}");
    }
}

#[test]
fn relu_derivative_at_zero_is_zero() {
    let y = [0.0, 0.0, 2.0, 0.0];
    let mut grad = [1.0, -3.0, 1.0, 5.0];
    Activation::Relu.backward_in_place(&y, &mut grad, 4);
    assert_eq!(grad, [0.0, 0.0, 1.0, 0.0]);

    // Through a dense layer: zero input and zero bias give z = 0 exactly, so nothing flows.
    let op = Op::Dense(DenseOp {
        in_features: 2,
        units: 3,
        activation: Activation::Relu,
        use_bias: true,
    });
    let x = vec![vec![0.0f32; 2]];
    let params = [0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.0, 0.0, 0.0];
    let mut output = [f32::NAN; 3];
    op.forward(ForwardArgs {
        rows: 1,
        inputs: Inputs::new(&x, &[0]),
        params: &params,
        state: &mut [],
        output: &mut output,
        logits: None,
        scratch: &mut [],
        phase: Phase::Inference,
    })
    .unwrap();
    assert_eq!(output, [0.0; 3]);
    let mut output_grad = [1.0f32; 3];
    let mut param_grads = [f32::NAN; 9];
    let mut dx = vec![vec![f32::NAN; 2]];
    op.backward(BackwardArgs {
        rows: 1,
        inputs: Inputs::new(&x, &[0]),
        params: &params,
        state: &[],
        output: &output,
        output_grad: &mut output_grad,
        upstream: Upstream::Output,
        scratch: &mut [],
        phase: Phase::Inference,
        param_grads: Grad::Overwrite(&mut param_grads),
        input_grads: InputGrads::new(&mut dx, &[(0, GradMode::Overwrite)]),
    })
    .unwrap();
    assert_eq!(dx[0], [0.0; 2]);
    assert_eq!(param_grads, [0.0; 9]);
}

#[test]
fn op_buffers_of_the_wrong_size_are_errors() {
    let op = Op::Concatenate(ConcatenateOp { widths: vec![2, 3] });
    let xs = vec![vec![0.0f32; 4], vec![0.0; 6]];
    let mut output = vec![0.0; 10];
    let forward = |slots: &[usize], output: &mut [f32]| {
        op.forward(ForwardArgs {
            rows: 2,
            inputs: Inputs::new(&xs, slots),
            params: &[],
            state: &mut [],
            output,
            logits: None,
            scratch: &mut [],
            phase: Phase::Inference,
        })
    };
    assert!(forward(&[0, 1], &mut output).is_ok());
    let err = forward(&[0, 0], &mut output).unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("SHAPE_MISMATCH", Some("inputs[1]"))
    );
    let err = forward(&[0], &mut output).unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("INVALID_ARGUMENT", Some("inputs"))
    );
    let err = forward(&[0, 7], &mut output).unwrap_err();
    assert_eq!(
        err.argument(),
        Some("inputs[1]"),
        "a missing slot is an error, not a panic"
    );
    let err = forward(&[0, 1], &mut output[..9]).unwrap_err();
    assert_eq!(err.argument(), Some("output"));
}
