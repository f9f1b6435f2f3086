//! Gradient checks: every `Op` variant and every loss, analytic backward vs central differences
//! (accumulated in f64), on odd shapes (3 rows, 5 features, 7 units), every activation, and
//! both phases where an op has two (dropout with a fixed mask, batch normalization).
mod common;

use common::{assert_close, TestRng};
use kerasm_core::activation::Activation;
use kerasm_core::expression::{Expression, ExpressionOp};
use kerasm_core::graph::{
    BackwardArgs, BatchNorm, Dense, Dropout, Embedding, ForwardArgs, GammaBeta, Grad, GradMode,
    InputGrads, Inputs, LayerNorm, Op, Phase, Upstream,
};
use kerasm_core::losses::Loss;
use kerasm_core::spec::compile::ExpressionSpec;
use serde_json::json;

const ROWS: usize = 3;
const FEATURES: usize = 5;
const UNITS: usize = 7;
/// Ops run in f32, so the step is large enough that rounding stays far below the tolerance.
const OP_STEP: f32 = 1e-2;
const OP_TOLERANCE: f64 = 2e-3;
/// Losses accumulate in f64: a finer step.
const LOSS_STEP: f32 = 1e-3;
const LOSS_TOLERANCE: f64 = 1e-3;
/// Embedding cases: a table of this many rows.
const VOCABULARY: usize = 4;
const TRAINING: Phase = Phase::Training { seed: 42 };

/// The case family of an op. The match is exhaustive: a new `Op` variant does not compile here
/// until it gets a name, and `every_op_variant_has_cases` fails until that name has cases.
fn op_family(op: &Op) -> &'static str {
    match op {
        Op::Dense(_) => "dense",
        Op::Activation { .. } => "activation",
        Op::Dropout(_) => "dropout",
        Op::Reshape { .. } => "reshape",
        Op::BatchNormalization(_) => "batch_normalization",
        Op::LayerNormalization(_) => "layer_normalization",
        Op::Embedding(_) => "embedding",
        Op::Concatenate { .. } => "concatenate",
        Op::Add { .. } => "add",
    }
}

const OP_FAMILIES: [&str; 9] = [
    "dense",
    "activation",
    "dropout",
    "reshape",
    "batch_normalization",
    "layer_normalization",
    "embedding",
    "concatenate",
    "add",
];

/// Every op case, with the phase it runs in.
fn op_cases() -> Vec<(Op, Phase)> {
    let mut cases = Vec::new();
    for activation in Activation::ALL {
        for use_bias in [true, false] {
            let dense = Dense {
                in_features: FEATURES,
                units: UNITS,
                activation,
                use_bias,
            };
            cases.push((Op::Dense(dense), Phase::Inference));
        }
        let op = Op::Activation {
            activation,
            width: FEATURES,
        };
        cases.push((op, Phase::Inference));
    }
    for (rate, phase) in [(0.4, TRAINING), (0.4, Phase::Inference), (1.0, TRAINING)] {
        let dropout = Dropout {
            rate,
            width: FEATURES,
        };
        cases.push((Op::Dropout(dropout), phase));
    }
    cases.push((Op::Reshape { size: FEATURES }, Phase::Inference));
    for (center, scale) in [(true, true), (false, true), (true, false), (false, false)] {
        let affine = GammaBeta {
            width: FEATURES,
            center,
            scale,
        };
        let norm = BatchNorm {
            affine,
            epsilon: 1e-3,
            momentum: 0.99,
        };
        for phase in [TRAINING, Phase::Inference] {
            cases.push((Op::BatchNormalization(norm), phase));
        }
        let norm = LayerNorm {
            affine,
            epsilon: 1e-3,
        };
        cases.push((Op::LayerNormalization(norm), Phase::Inference));
    }
    let embedding = Embedding {
        input_dim: VOCABULARY,
        output_dim: UNITS,
    };
    cases.push((Op::Embedding(embedding), TRAINING));
    let widths = vec![FEATURES, 2, 3];
    cases.push((Op::Concatenate { widths }, Phase::Inference));
    let add = Op::Add {
        width: FEATURES,
        inputs: 3,
    };
    cases.push((add, Phase::Inference));
    cases
}

/// Inputs, weights and the objective's weights `r` (L = Σ r·value) for one op case.
struct OpCase {
    op: Op,
    phase: Phase,
    /// One buffer per input.
    xs: Vec<Vec<f32>>,
    params: Vec<f32>,
    /// The non-trainable weights before the forward (a positive variance where there is one).
    state: Vec<f32>,
    r: Vec<f32>,
}

impl OpCase {
    fn new(op: Op, phase: Phase, seed: u64) -> OpCase {
        let mut rng = TestRng::new(seed);
        // Keep every pre-activation away from relu's kink, so a step never crosses it.
        for _ in 0..1000 {
            let xs = (0..op.arity())
                .map(|i| match op {
                    // Table rows, one read twice: the scatter must add both.
                    Op::Embedding(_) => vec![1.0, 3.0, 1.0],
                    _ => rng.uniform_vec(ROWS * op.input_width(i), -1.0, 1.0),
                })
                .collect();
            let params = rng.uniform_vec(op.param_count(), -0.5, 0.5);
            let state = rng.uniform_vec(op.state_count(), 0.2, 1.5);
            let r = rng.uniform_vec(ROWS * op.output_width(), -1.0, 1.0);
            let case = OpCase {
                op: op.clone(),
                phase,
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
        let mut output = vec![0.0; ROWS * self.op.output_width()];
        let mut logits = vec![0.0; output.len()];
        let mut state = self.state.clone();
        let mut scratch = vec![0.0; self.op.scratch_len(ROWS)];
        self.op
            .forward(ForwardArgs {
                rows: ROWS,
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
                rows: ROWS,
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

    /// Indices are not differentiable: an embedding's inputs get a zero gradient instead.
    fn differentiable_inputs(&self) -> bool {
        !matches!(self.op, Op::Embedding(_))
    }

    fn numeric(&self, upstream: Upstream) -> (Vec<Vec<f64>>, Vec<f64>) {
        let mut dxs = Vec::new();
        for (input, x) in self.xs.iter().enumerate() {
            let mut dx = Vec::new();
            for i in 0..x.len() {
                dx.push(if self.differentiable_inputs() {
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

/// (f(v + h·eᵢ) − f(v − h·eᵢ)) / (actual step), in f64.
fn central_difference(values: &[f32], i: usize, step: f32, f: impl Fn(&[f32]) -> f64) -> f64 {
    let mut plus = values.to_vec();
    let mut minus = values.to_vec();
    plus[i] += step;
    minus[i] -= step;
    (f(&plus) - f(&minus)) / (plus[i] as f64 - minus[i] as f64)
}

/// Richardson's extrapolation of central differences at `OP_STEP` and half of it: the h² error
/// term cancels, which the normalizations (curved over a step, with 3 rows) need.
fn extrapolated_difference(values: &[f32], i: usize, f: impl Fn(&[f32]) -> f64) -> f64 {
    let coarse = central_difference(values, i, OP_STEP, &f);
    let fine = central_difference(values, i, OP_STEP / 2.0, &f);
    (4.0 * fine - coarse) / 3.0
}

#[test]
fn every_op_variant_has_cases() {
    let cases = op_cases();
    for family in OP_FAMILIES {
        assert!(
            cases.iter().any(|(op, _)| op_family(op) == family),
            "no gradcheck case for the '{family}' op"
        );
    }
}

#[test]
fn op_backward_matches_central_differences() {
    for (seed, (op, phase)) in op_cases().into_iter().enumerate() {
        let case = OpCase::new(op.clone(), phase, seed as u64 + 1);
        for upstream in [Upstream::Output, Upstream::Logits] {
            let what = format!("{} {op:?} in {phase:?} from {upstream:?}", op_family(&op));
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
    for (seed, (op, phase)) in op_cases().into_iter().enumerate() {
        let case = OpCase::new(op.clone(), phase, seed as u64 + 100);
        let (overwritten, params) = case.analytic(Upstream::Output, None);
        let (accumulated, accumulated_params) = case.analytic(Upstream::Output, Some(1.5));
        let pairs = accumulated
            .iter()
            .flatten()
            .zip(overwritten.iter().flatten())
            .chain(accumulated_params.iter().zip(&params));
        for (a, o) in pairs {
            assert!((a - (o + 1.5)).abs() < 1e-5, "{op:?}: {a} != {o} + 1.5");
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
            Op::Add {
                width: 2,
                inputs: 2,
            },
            vec![1.0f32, 2.0, 3.0, 4.0],
            vec![2.0f32, 4.0, 6.0, 8.0],
        ),
        (
            Op::Concatenate { widths: vec![2, 2] },
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
    let op = Op::Dense(Dense {
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
    let op = Op::Concatenate { widths: vec![2, 3] };
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

/// The case family of a loss; exhaustive like `op_family`.
fn loss_family(loss: Loss) -> &'static str {
    match loss {
        Loss::MeanSquaredError => "mean_squared_error",
        Loss::MeanAbsoluteError => "mean_absolute_error",
        Loss::MeanAbsolutePercentageError => "mean_absolute_percentage_error",
        Loss::Huber { .. } => "huber",
        Loss::Hinge => "hinge",
        Loss::KlDivergence => "kl_divergence",
        Loss::Poisson => "poisson",
        Loss::CosineSimilarity => "cosine_similarity",
        Loss::BinaryCrossentropy { from_logits: false } => "binary_crossentropy",
        Loss::BinaryCrossentropy { from_logits: true } => "binary_crossentropy(from_logits)",
        Loss::CategoricalCrossentropy { from_logits: false } => "categorical_crossentropy",
        Loss::CategoricalCrossentropy { from_logits: true } => {
            "categorical_crossentropy(from_logits)"
        }
        Loss::SparseCategoricalCrossentropy { from_logits: false } => {
            "sparse_categorical_crossentropy"
        }
        Loss::SparseCategoricalCrossentropy { from_logits: true } => {
            "sparse_categorical_crossentropy(from_logits)"
        }
    }
}

fn loss_cases() -> Vec<Loss> {
    let mut cases = vec![
        Loss::MeanSquaredError,
        Loss::MeanAbsoluteError,
        Loss::MeanAbsolutePercentageError,
        Loss::Huber { delta: 1.0 },
        Loss::Huber { delta: 0.3 },
        Loss::Hinge,
        Loss::KlDivergence,
        Loss::Poisson,
        Loss::CosineSimilarity,
    ];
    for from_logits in [false, true] {
        cases.push(Loss::BinaryCrossentropy { from_logits });
        cases.push(Loss::CategoricalCrossentropy { from_logits });
        cases.push(Loss::SparseCategoricalCrossentropy { from_logits });
    }
    cases
}

/// Predictions and labels in the loss's domain, away from kinks and clip edges.
fn loss_inputs(loss: Loss, rng: &mut TestRng) -> (Vec<f32>, Vec<f32>) {
    let n = ROWS * FEATURES;
    let class_indices = |rng: &mut TestRng| -> Vec<f32> {
        (0..ROWS)
            .map(|_| (rng.next_u64() % FEATURES as u64) as f32)
            .collect()
    };
    // A label and a prediction `gap` (in [low, high]) above or below it.
    let around = |rng: &mut TestRng, t: f32, low: f64, high: f64| {
        let gap = rng.uniform(low, high) as f32;
        if rng.next_u64().is_multiple_of(2) {
            t + gap
        } else {
            t - gap
        }
    };
    match loss {
        Loss::MeanSquaredError | Loss::CosineSimilarity => {
            (rng.uniform_vec(n, -1.0, 1.0), rng.uniform_vec(n, -1.0, 1.0))
        }
        Loss::MeanAbsolutePercentageError => {
            let t: Vec<f32> = (0..n).map(|_| around(rng, 0.0, 0.5, 1.5)).collect();
            let p = t.iter().map(|&t| around(rng, t, 0.05, 0.5)).collect();
            (p, t)
        }
        // Errors on both sides of δ, never within 0.05 of it (the kink of the second derivative
        // is harmless, but the step must stay on one branch for the value to be smooth).
        Loss::Huber { delta } => {
            let t = rng.uniform_vec(n, -1.0, 1.0);
            let p = t
                .iter()
                .map(|&t| {
                    let (low, high) = if rng.next_u64().is_multiple_of(2) {
                        (0.01, delta - 0.05)
                    } else {
                        (delta + 0.05, delta + 1.0)
                    };
                    around(rng, t, low, high)
                })
                .collect();
            (p, t)
        }
        // Labels in {0, 1} (converted to ±1), predictions away from the hinge at t·p = 1.
        Loss::Hinge => {
            let t: Vec<f32> = (0..n).map(|_| (rng.next_u64() % 2) as f32).collect();
            let p = t
                .iter()
                .map(|&t| {
                    let label = 2.0 * t - 1.0;
                    around(rng, label, 0.05, 1.0)
                })
                .collect();
            (p, t)
        }
        Loss::KlDivergence => (
            rng.uniform_vec(n, 0.05, 0.95),
            rng.uniform_vec(n, 0.05, 1.0),
        ),
        Loss::Poisson => (rng.uniform_vec(n, 0.1, 2.0), rng.uniform_vec(n, 0.0, 3.0)),
        Loss::MeanAbsoluteError => {
            let t = rng.uniform_vec(n, -1.0, 1.0);
            let p = t
                .iter()
                .map(|&t| {
                    let gap = rng.uniform(0.05, 0.5) as f32;
                    if rng.next_u64().is_multiple_of(2) {
                        t + gap
                    } else {
                        t - gap
                    }
                })
                .collect();
            (p, t)
        }
        Loss::BinaryCrossentropy { from_logits } => {
            let p = if from_logits {
                rng.uniform_vec(n, -3.0, 3.0)
            } else {
                rng.uniform_vec(n, 0.05, 0.95)
            };
            (p, rng.uniform_vec(n, 0.0, 1.0))
        }
        // Unnormalised probabilities and labels that do not sum to 1 exercise every term.
        Loss::CategoricalCrossentropy { from_logits } => {
            let p = if from_logits {
                rng.uniform_vec(n, -3.0, 3.0)
            } else {
                rng.uniform_vec(n, 0.05, 1.0)
            };
            (p, rng.uniform_vec(n, 0.0, 1.0))
        }
        Loss::SparseCategoricalCrossentropy { from_logits } => {
            let p = if from_logits {
                rng.uniform_vec(n, -3.0, 3.0)
            } else {
                rng.uniform_vec(n, 0.05, 0.95)
            };
            (p, class_indices(rng))
        }
    }
}

#[test]
fn every_loss_gradient_matches_central_differences() {
    let cases = loss_cases();
    assert_eq!(cases.len(), 15, "every loss variant and from_logits form");
    for (seed, loss) in cases.into_iter().enumerate() {
        let what = loss_family(loss);
        let mut rng = TestRng::new(seed as u64 + 7);
        let (p, t) = loss_inputs(loss, &mut rng);
        // Sample weights (one per row here) scale each row's gradient.
        let weights = [0.5f32, 2.0, 1.25];
        let mut gradient = vec![f32::NAN; p.len()];
        loss.compute_weighted(&p, &t, FEATURES, Some(&weights), Some(&mut gradient))
            .unwrap();
        for (i, &analytic) in gradient.iter().enumerate() {
            let numeric = central_difference(&p, i, LOSS_STEP, |p| {
                loss.compute_weighted(p, &t, FEATURES, Some(&weights), None)
                    .unwrap()
            });
            assert_close(
                analytic as f64,
                numeric,
                LOSS_TOLERANCE,
                &format!("{what}: grad[{i}]"),
            );
        }
    }
}

#[test]
fn every_loss_family_has_cases() {
    let families: Vec<&str> = loss_cases().into_iter().map(loss_family).collect();
    for loss in [
        "mean_absolute_percentage_error",
        "huber",
        "hinge",
        "kl_divergence",
        "poisson",
        "cosine_similarity",
    ] {
        assert!(families.contains(&loss), "no gradcheck case for {loss}");
    }
}

/// Per-sample shape of the expression cases' `y_true` and `y_pred`: odd sizes on both axes.
const EXPRESSION_SHAPE: [usize; 2] = [3, 4];
const EXPRESSION_BATCH: usize = 2;

/// An Expression case per op name: the op applied to `y_pred` (and `y_true` or a constant),
/// then reduced to one value per sample; `y_pred` values from `domain`, away from `kinks`.
struct ExpressionCase {
    op: &'static str,
    nodes: serde_json::Value,
    domain: (f64, f64),
    kinks: Vec<f64>,
}

fn expression_cases() -> Vec<ExpressionCase> {
    // `op(inputs)` times y_true (random weights per element), summed then averaged to (batch,).
    let elementwise = |node: serde_json::Value, prefix: Vec<serde_json::Value>| {
        let mut nodes = prefix;
        let at = nodes.len();
        nodes.push(node);
        nodes.push(json!({"op": "mul", "inputs": [at, "y_true"]}));
        nodes.push(json!({"op": "sum", "inputs": [at + 1], "axis": -1}));
        nodes.push(json!({"op": "mean", "inputs": [at + 2]}));
        serde_json::Value::Array(nodes)
    };
    let unary = |op: &str| elementwise(json!({"op": op, "inputs": ["y_pred"]}), vec![]);
    let mut cases = Vec::new();
    for op in ["neg", "square", "exp", "softplus", "sigmoid"] {
        cases.push(ExpressionCase {
            op,
            nodes: unary(op),
            domain: (-2.0, 2.0),
            kinks: vec![],
        });
    }
    for op in ["abs", "relu"] {
        cases.push(ExpressionCase {
            op,
            nodes: unary(op),
            domain: (-2.0, 2.0),
            kinks: vec![0.0],
        });
    }
    for op in ["sqrt", "log"] {
        cases.push(ExpressionCase {
            op,
            nodes: unary(op),
            domain: (0.3, 2.0),
            kinks: vec![],
        });
    }
    cases.push(ExpressionCase {
        op: "clip",
        nodes: elementwise(
            json!({"op": "clip", "inputs": ["y_pred"], "min": -0.5, "max": 0.7}),
            vec![],
        ),
        domain: (-2.0, 2.0),
        kinks: vec![-0.5, 0.7],
    });
    for op in ["add", "sub", "mul", "div", "maximum", "minimum"] {
        // Against y_true (kept apart from y_pred, so maximum/minimum never tie).
        cases.push(ExpressionCase {
            op,
            nodes: elementwise(json!({"op": op, "inputs": ["y_pred", "y_true"]}), vec![]),
            domain: (0.2, 2.0),
            kinks: vec![],
        });
        // A constant first operand broadcasts.
        cases.push(ExpressionCase {
            op,
            nodes: elementwise(
                json!({"op": op, "inputs": [0, "y_pred"]}),
                vec![json!({"op": "constant", "value": 0.9})],
            ),
            domain: (0.2, 2.0),
            kinks: vec![0.9],
        });
    }
    cases.push(ExpressionCase {
        op: "constant",
        nodes: elementwise(
            json!({"op": "mul", "inputs": ["y_pred", 0]}),
            vec![json!({"op": "constant", "value": -1.5})],
        ),
        domain: (-1.0, 1.0),
        kinks: vec![],
    });
    // Reductions over the sample's first axis, then the rest to (batch,).
    for op in ["mean", "sum", "max"] {
        cases.push(ExpressionCase {
            op,
            nodes: json!([
                {"op": "mul", "inputs": ["y_pred", "y_true"]},
                {"op": op, "inputs": [0], "axis": 1},
                {"op": "square", "inputs": [1]},
                {"op": "sum", "inputs": [2], "axis": -1}
            ]),
            domain: (-2.0, 2.0),
            kinks: vec![],
        });
    }
    cases
}

#[test]
fn every_expression_op_has_a_gradcheck_case() {
    let cases = expression_cases();
    for op in &ExpressionOp::NAMES {
        assert!(
            cases.iter().any(|case| case.op == *op),
            "no gradcheck case for the '{op}' expression op"
        );
    }
}

#[test]
fn expression_gradients_match_central_differences() {
    let n = EXPRESSION_BATCH * EXPRESSION_SHAPE.iter().product::<usize>();
    for (seed, case) in expression_cases().into_iter().enumerate() {
        let nodes = case.nodes.as_array().unwrap();
        let spec: ExpressionSpec =
            serde_json::from_value(json!({"nodes": nodes, "output": nodes.len() - 1})).unwrap();
        let mut expression = Expression::from_spec(&spec, &EXPRESSION_SHAPE, "loss.expression")
            .unwrap_or_else(|e| panic!("{}: {e}", case.op));
        let mut rng = TestRng::new(seed as u64 + 300);
        let t = rng.uniform_vec(n, 0.5, 1.5);
        // Keep y_pred off every kink, off y_true (maximum/minimum ties), and off the other
        // values of its row (ties of max).
        let mut p: Vec<f32> = Vec::with_capacity(n);
        while p.len() < n {
            let v = rng.uniform(case.domain.0, case.domain.1);
            let j = p.len();
            let clear = |x: f64, gap: f64| (v - x).abs() > gap;
            // Values of a row only need to differ by much more than the step for `max`.
            if case.kinks.iter().all(|&k| clear(k, 0.05))
                && clear(t[j] as f64, 0.05)
                && p.iter().all(|&q| clear(q as f64, 0.01))
            {
                p.push(v as f32);
            }
        }
        let weights = [1.5f32, 0.5];
        let mut gradient = vec![f32::NAN; n];
        expression
            .loss(&p, &t, Some(&weights), Some(&mut gradient))
            .unwrap();
        for (i, &analytic) in gradient.iter().enumerate() {
            let numeric = central_difference(&p, i, LOSS_STEP, |p| {
                expression
                    .clone()
                    .loss(p, &t, Some(&weights), None)
                    .unwrap()
            });
            assert_close(
                analytic as f64,
                numeric,
                LOSS_TOLERANCE,
                &format!("expression '{}' (case {seed}): grad[{i}]", case.op),
            );
        }
    }
}
