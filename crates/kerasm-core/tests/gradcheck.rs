//! Gradient checks: every `Op` variant and every loss, analytic backward vs central differences
//! (accumulated in f64), on odd shapes (3 rows, 5 features, 7 units) and every activation.
mod common;

use common::{assert_close, TestRng};
use kerasm_core::activation::Activation;
use kerasm_core::graph::{BackwardArgs, Dense, ForwardArgs, InputGrad, Op, Upstream};
use kerasm_core::loss::Loss;

const ROWS: usize = 3;
const FEATURES: usize = 5;
const UNITS: usize = 7;
/// Ops run in f32, so the step is large enough that rounding stays far below the tolerance.
const OP_STEP: f32 = 1e-2;
const OP_TOLERANCE: f64 = 2e-3;
/// Losses accumulate in f64: a finer step.
const LOSS_STEP: f32 = 1e-3;
const LOSS_TOLERANCE: f64 = 1e-3;

/// The case family of an op. The match is exhaustive: a new `Op` variant does not compile here
/// until it gets a name, and `every_op_variant_has_cases` fails until that name has cases.
fn op_family(op: &Op) -> &'static str {
    match op {
        Op::Dense(_) => "dense",
        Op::Activation { .. } => "activation",
    }
}

const OP_FAMILIES: [&str; 2] = ["dense", "activation"];

fn op_cases() -> Vec<Op> {
    let mut cases = Vec::new();
    for activation in Activation::ALL {
        for use_bias in [true, false] {
            cases.push(Op::Dense(Dense {
                in_features: FEATURES,
                units: UNITS,
                activation,
                use_bias,
            }));
        }
        cases.push(Op::Activation {
            activation,
            width: FEATURES,
        });
    }
    cases
}

/// Inputs, weights and the objective's weights `r` (L = Σ r·value) for one op case.
struct OpCase {
    op: Op,
    x: Vec<f32>,
    params: Vec<f32>,
    r: Vec<f32>,
}

impl OpCase {
    fn new(op: Op, seed: u64) -> OpCase {
        let mut rng = TestRng::new(seed);
        // Keep every pre-activation away from relu's kink, so a step never crosses it.
        for _ in 0..1000 {
            let x = rng.uniform_vec(ROWS * op.input_width(), -1.0, 1.0);
            let params = rng.uniform_vec(op.param_count(), -0.5, 0.5);
            let r = rng.uniform_vec(ROWS * op.output_width(), -1.0, 1.0);
            let case = OpCase { op, x, params, r };
            let (_, logits) = case.forward(&case.x, &case.params);
            if logits.iter().all(|z| z.abs() > 0.1) {
                return case;
            }
        }
        panic!("no kink-free inputs found for {op:?}");
    }

    /// (output, logits) for the given input and weights.
    fn forward(&self, x: &[f32], params: &[f32]) -> (Vec<f32>, Vec<f32>) {
        let mut output = vec![0.0; ROWS * self.op.output_width()];
        let mut logits = vec![0.0; output.len()];
        self.op
            .forward(ForwardArgs {
                rows: ROWS,
                input: x,
                params,
                output: &mut output,
                logits: Some(&mut logits),
            })
            .expect("forward");
        (output, logits)
    }

    /// L = Σ r·y, or Σ r·z when the gradient starts at the logits.
    fn objective(&self, x: &[f32], params: &[f32], upstream: Upstream) -> f64 {
        let (output, logits) = self.forward(x, params);
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

    /// Analytic (dL/dx, dL/dparams), with the input gradient written in `mode`, on top of
    /// `prior` when accumulating.
    fn analytic(&self, upstream: Upstream, accumulate_onto: Option<f32>) -> (Vec<f32>, Vec<f32>) {
        let (output, _) = self.forward(&self.x, &self.params);
        let mut output_grad = self.r.clone();
        let mut param_grads = vec![f32::NAN; self.params.len()];
        let mut dx = vec![accumulate_onto.unwrap_or(f32::NAN); self.x.len()];
        let input_grad = match accumulate_onto {
            Some(_) => InputGrad::Accumulate(&mut dx),
            None => InputGrad::Overwrite(&mut dx),
        };
        self.op
            .backward(BackwardArgs {
                rows: ROWS,
                input: &self.x,
                params: &self.params,
                output: &output,
                output_grad: &mut output_grad,
                upstream,
                param_grads: &mut param_grads,
                input_grad,
            })
            .expect("backward");
        (dx, param_grads)
    }

    fn numeric(&self, upstream: Upstream) -> (Vec<f64>, Vec<f64>) {
        let mut dx = Vec::new();
        for i in 0..self.x.len() {
            dx.push(central_difference(&self.x, i, OP_STEP, |x| {
                self.objective(x, &self.params, upstream)
            }));
        }
        let mut dparams = Vec::new();
        for i in 0..self.params.len() {
            dparams.push(central_difference(&self.params, i, OP_STEP, |p| {
                self.objective(&self.x, p, upstream)
            }));
        }
        (dx, dparams)
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

#[test]
fn every_op_variant_has_cases() {
    let cases = op_cases();
    for family in OP_FAMILIES {
        assert!(
            cases.iter().any(|op| op_family(op) == family),
            "no gradcheck case for the '{family}' op"
        );
    }
}

#[test]
fn op_backward_matches_central_differences() {
    for (seed, op) in op_cases().into_iter().enumerate() {
        let case = OpCase::new(op, seed as u64 + 1);
        for upstream in [Upstream::Output, Upstream::Logits] {
            let what = format!("{} {op:?} from {upstream:?}", op_family(&op));
            let (dx, dparams) = case.analytic(upstream, None);
            let (num_dx, num_dparams) = case.numeric(upstream);
            for (i, (&a, &n)) in dx.iter().zip(&num_dx).enumerate() {
                assert_close(a as f64, n, OP_TOLERANCE, &format!("{what}: dx[{i}]"));
            }
            for (i, (&a, &n)) in dparams.iter().zip(&num_dparams).enumerate() {
                assert_close(a as f64, n, OP_TOLERANCE, &format!("{what}: dparams[{i}]"));
            }
        }
    }
}

#[test]
fn accumulated_input_gradient_adds_to_what_is_there() {
    for (seed, op) in op_cases().into_iter().enumerate() {
        let case = OpCase::new(op, seed as u64 + 100);
        let (overwritten, _) = case.analytic(Upstream::Output, None);
        let (accumulated, _) = case.analytic(Upstream::Output, Some(1.5));
        for (a, o) in accumulated.iter().zip(&overwritten) {
            assert!((a - (o + 1.5)).abs() < 1e-6, "{op:?}: {a} != {o} + 1.5");
        }
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
    let x = [0.0f32; 2];
    let params = [0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.0, 0.0, 0.0];
    let mut output = [f32::NAN; 3];
    op.forward(ForwardArgs {
        rows: 1,
        input: &x,
        params: &params,
        output: &mut output,
        logits: None,
    })
    .unwrap();
    assert_eq!(output, [0.0; 3]);
    let mut output_grad = [1.0f32; 3];
    let mut param_grads = [f32::NAN; 9];
    let mut dx = [f32::NAN; 2];
    op.backward(BackwardArgs {
        rows: 1,
        input: &x,
        params: &params,
        output: &output,
        output_grad: &mut output_grad,
        upstream: Upstream::Output,
        param_grads: &mut param_grads,
        input_grad: InputGrad::Overwrite(&mut dx),
    })
    .unwrap();
    assert_eq!(dx, [0.0; 2]);
    assert_eq!(param_grads, [0.0; 9]);
}

/// The case family of a loss; exhaustive like `op_family`.
fn loss_family(loss: Loss) -> &'static str {
    match loss {
        Loss::MeanSquaredError => "mean_squared_error",
        Loss::MeanAbsoluteError => "mean_absolute_error",
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
    let mut cases = vec![Loss::MeanSquaredError, Loss::MeanAbsoluteError];
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
    match loss {
        Loss::MeanSquaredError => (rng.uniform_vec(n, -1.0, 1.0), rng.uniform_vec(n, -1.0, 1.0)),
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
    assert_eq!(cases.len(), 8, "every loss variant and from_logits form");
    for (seed, loss) in cases.into_iter().enumerate() {
        let what = loss_family(loss);
        let mut rng = TestRng::new(seed as u64 + 7);
        let (p, t) = loss_inputs(loss, &mut rng);
        let mut gradient = vec![f32::NAN; p.len()];
        loss.compute(&p, &t, FEATURES, Some(&mut gradient)).unwrap();
        for (i, &analytic) in gradient.iter().enumerate() {
            let numeric = central_difference(&p, i, LOSS_STEP, |p| {
                loss.compute(p, &t, FEATURES, None).unwrap()
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
