//! Learning-rate schedules against Keras 3's formulas
//! (`keras/src/optimizers/schedules/learning_rate_schedule.py`), and an optimizer evaluating
//! its schedule from its iteration count (`base_optimizer.py`, `_get_current_learning_rate`).
mod common;

use common::assert_close;
use kerasm_core::optimizers::Optimizer;
use kerasm_core::schedule::{LearningRate, Schedule};
use serde_json::json;

fn schedule(spec: serde_json::Value) -> Schedule {
    Schedule::from_value(spec, "optimizer.learning_rate").unwrap()
}

#[test]
fn exponential_decay_is_continuous_or_staircase() {
    let smooth = schedule(json!({"schedule": "exponential_decay",
        "initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}));
    for step in [0u64, 1, 5, 10, 25] {
        let expected = 0.1 * 0.5f64.powf(step as f64 / 10.0);
        assert_close(smooth.at(step), expected, 1e-12, &format!("step {step}"));
    }
    let stairs = schedule(json!({"schedule": "exponential_decay",
        "initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": true}));
    assert_eq!(stairs.at(9), 0.1);
    assert_eq!(stairs.at(10), 0.05);
    assert_eq!(stairs.at(29), 0.025);
}

#[test]
fn cosine_decay_reaches_alpha_times_the_initial_rate_and_stays() {
    let cosine = schedule(json!({"schedule": "cosine_decay",
        "initial_learning_rate": 1.0, "decay_steps": 100, "alpha": 0.1}));
    let expected = |step: f64| {
        let decayed = 0.5 * (1.0 + (std::f64::consts::PI * step / 100.0).cos());
        0.9 * decayed + 0.1
    };
    assert_close(cosine.at(0), 1.0, 1e-12, "start");
    assert_close(cosine.at(25), expected(25.0), 1e-12, "quarter");
    assert_close(cosine.at(50), 0.55, 1e-12, "half way");
    assert_close(cosine.at(100), 0.1, 1e-12, "end");
    assert_close(cosine.at(1000), 0.1, 1e-12, "after the end");
}

#[test]
fn cosine_decay_warms_up_linearly_first() {
    let warm = schedule(
        json!({"schedule": "cosine_decay", "initial_learning_rate": 0.0,
        "decay_steps": 10, "warmup_target": 0.2, "warmup_steps": 4}),
    );
    assert_close(warm.at(0), 0.0, 1e-12, "warmup start");
    assert_close(warm.at(2), 0.1, 1e-12, "warmup middle");
    assert_close(warm.at(4), 0.2, 1e-12, "decay starts from the target");
    assert_close(warm.at(9), 0.1, 1e-12, "decay middle");
    assert_close(warm.at(14), 0.0, 1e-12, "decay end");
}

#[test]
fn piecewise_constant_decay_includes_each_boundary_in_the_interval_before() {
    // Keras's docstring: boundaries [100000, 110000], values [1.0, 0.5, 0.1].
    let piecewise = schedule(json!({"schedule": "piecewise_constant_decay",
        "boundaries": [100000, 110000], "values": [1.0, 0.5, 0.1]}));
    assert_eq!(piecewise.at(0), 1.0);
    assert_eq!(piecewise.at(100000), 1.0);
    assert_eq!(piecewise.at(100001), 0.5);
    assert_eq!(piecewise.at(110000), 0.5);
    assert_eq!(piecewise.at(110001), 0.1);
}

#[test]
fn an_optimizer_evaluates_its_schedule_before_each_step() {
    let spec = json!({"name": "sgd", "learning_rate": {"schedule": "piecewise_constant_decay",
        "boundaries": [1], "values": [1.0, 0.1]}});
    let mut sgd = Optimizer::from_spec(&spec, 1).unwrap();
    let mut w = [0.0f32];
    let mut rates = Vec::new();
    for _ in 0..3 {
        rates.push(sgd.learning_rate());
        sgd.step(&mut w, &[1.0]).unwrap();
    }
    // Steps 0 and 1 are ≤ the boundary; step 2 is past it.
    assert_eq!(rates, [1.0, 1.0, 0.1]);
    assert_close(w[0] as f64, -2.1, 1e-6, "w after three steps");
    // A callback setting the rate replaces the schedule by a constant.
    sgd.set_learning_rate(0.5);
    sgd.step(&mut w, &[1.0]).unwrap();
    assert_eq!(sgd.learning_rate(), 0.5);
    assert_close(w[0] as f64, -2.6, 1e-6, "w after the constant step");
}

#[test]
fn a_constant_learning_rate_is_a_number() {
    assert_eq!(
        LearningRate::from_value(json!(0.25), "lr").unwrap(),
        LearningRate::Constant(0.25)
    );
    assert_eq!(LearningRate::Constant(0.25).at(1000), 0.25);
}

#[test]
fn bad_schedules_are_errors() {
    let cases = [
        (
            json!({"schedule": "linear_decay"}),
            "UNKNOWN_NAME",
            "lr.schedule",
        ),
        (
            json!({"initial_learning_rate": 0.1}),
            "INVALID_ARGUMENT",
            "lr.schedule",
        ),
        (
            json!({"schedule": "exponential_decay", "initial_learning_rate": 0.1,
                "decay_steps": 0, "decay_rate": 0.5}),
            "INVALID_ARGUMENT",
            "lr.decay_steps",
        ),
        (
            json!({"schedule": "exponential_decay", "initial_learning_rate": 0.1,
                "decay_steps": 10}),
            "INVALID_JSON",
            "lr",
        ),
        (
            json!({"schedule": "cosine_decay", "initial_learning_rate": 0.1,
                "decay_steps": 10, "warmup": 3}),
            "INVALID_JSON",
            "lr",
        ),
        (
            json!({"schedule": "piecewise_constant_decay", "boundaries": [1, 2],
                "values": [1.0, 0.5]}),
            "INVALID_ARGUMENT",
            "lr.values",
        ),
        (
            json!({"schedule": "piecewise_constant_decay", "boundaries": [5, 2],
                "values": [1.0, 0.5, 0.1]}),
            "INVALID_ARGUMENT",
            "lr.boundaries[1]",
        ),
        (json!("fast"), "INVALID_ARGUMENT", "lr"),
    ];
    for (spec, code, argument) in cases {
        let err = LearningRate::from_value(spec.clone(), "lr").unwrap_err();
        assert_eq!(
            (err.code(), err.argument()),
            (code, Some(argument)),
            "{spec}: {err}"
        );
    }
}
