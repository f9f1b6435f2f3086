//! Gradient checks of every loss and every Expression op: analytic gradients against central
//! differences (accumulated in f64), on odd shapes (3 rows, 5 features).
mod common;

use common::{assert_close, central_difference, TestRng};
use kerasm_core::expression::{Expression, ExpressionOp};
use kerasm_core::losses::Loss;
use kerasm_core::spec::compile::ExpressionSpec;
use serde_json::json;

const ROWS: usize = 3;
const FEATURES: usize = 5;
/// Losses accumulate in f64: a finer step.
const LOSS_STEP: f32 = 1e-3;
const LOSS_TOLERANCE: f64 = 1e-3;

/// The case family of a loss. The match is exhaustive: a new `Loss` variant does not compile
/// here until it gets a name, and `every_loss_family_has_cases` fails until that name has cases.
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
