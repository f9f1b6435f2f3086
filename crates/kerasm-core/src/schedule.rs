//! Learning rates: a constant, or one of Keras 3's schedules
//! (`keras/src/optimizers/schedules/learning_rate_schedule.py`) evaluated from the optimizer's
//! iteration count before each step, as Keras's `optimizer.learning_rate` does.

use crate::error::Error;
use crate::names::{lookup, names_of};
use serde::Deserialize;

/// The learning rate of an optimizer.
#[derive(Debug, Clone, PartialEq)]
pub enum LearningRate {
    Constant(f64),
    Schedule(Schedule),
}

/// A learning-rate schedule: a function of the step count.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// `initial · rate^(step / decay_steps)`, the exponent floored when `staircase`.
    ExponentialDecay {
        initial_learning_rate: f64,
        decay_steps: f64,
        decay_rate: f64,
        staircase: bool,
    },
    /// Half a cosine from the initial rate down to `alpha · initial` over `decay_steps`, after an
    /// optional linear warmup to `warmup_target` over `warmup_steps`.
    CosineDecay {
        initial_learning_rate: f64,
        decay_steps: f64,
        alpha: f64,
        warmup: Option<Warmup>,
    },
    /// `values[i]` while `boundaries[i − 1] < step ≤ boundaries[i]`.
    PiecewiseConstantDecay {
        boundaries: Vec<f64>,
        values: Vec<f64>,
    },
}

/// CosineDecay's linear warmup.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Warmup {
    pub target: f64,
    pub steps: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExponentialDecayConfig {
    initial_learning_rate: f64,
    decay_steps: f64,
    decay_rate: f64,
    #[serde(default)]
    staircase: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CosineDecayConfig {
    initial_learning_rate: f64,
    decay_steps: f64,
    #[serde(default)]
    alpha: f64,
    #[serde(default)]
    warmup_target: Option<f64>,
    #[serde(default)]
    warmup_steps: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PiecewiseConstantDecayConfig {
    boundaries: Vec<f64>,
    values: Vec<f64>,
}

impl LearningRate {
    /// Reads `learning_rate`: a number, or `{ "schedule": name, ...arguments }`; `argument`
    /// names the field in errors.
    pub fn from_value(value: serde_json::Value, argument: &str) -> Result<LearningRate, Error> {
        match value {
            serde_json::Value::Number(number) => {
                let rate = number.as_f64().unwrap_or(f64::NAN);
                check_finite(rate, argument)?;
                Ok(LearningRate::Constant(rate))
            }
            serde_json::Value::Object(_) => {
                Schedule::from_value(value, argument).map(LearningRate::Schedule)
            }
            other => Err(Error::invalid(
                argument,
                "a number or a schedule object { schedule, ... }",
                other,
            )),
        }
    }

    /// The rate for the step that follows `iterations` steps.
    pub fn at(&self, iterations: u64) -> f64 {
        match self {
            LearningRate::Constant(rate) => *rate,
            LearningRate::Schedule(schedule) => schedule.at(iterations),
        }
    }
}

/// Builds a schedule from its arguments; errors name fields under the argument given.
type BuildSchedule = fn(serde_json::Value, &str) -> Result<Schedule, Error>;

/// Every schedule by name.
const SCHEDULES: [(&str, BuildSchedule); 3] = [
    ("exponential_decay", exponential_decay),
    ("cosine_decay", cosine_decay),
    ("piecewise_constant_decay", piecewise_constant_decay),
];

impl Schedule {
    /// The accepted schedule names, as Keras's serialised class names in snake case.
    pub const NAMES: [&'static str; SCHEDULES.len()] = names_of(&SCHEDULES);

    /// Reads `{ "schedule": name, ...arguments }`.
    pub fn from_value(value: serde_json::Value, argument: &str) -> Result<Schedule, Error> {
        let serde_json::Value::Object(mut fields) = value else {
            return Err(Error::invalid(
                argument,
                "a schedule object { schedule, ... }",
                value,
            ));
        };
        let name = match fields.remove("schedule") {
            Some(serde_json::Value::String(name)) => name,
            other => {
                return Err(Error::invalid(
                    format!("{argument}.schedule"),
                    "the schedule's name as a string",
                    other.map_or("missing".to_string(), |v| v.to_string()),
                ))
            }
        };
        let config = serde_json::Value::Object(fields);
        let Some(build) = lookup(&SCHEDULES, &name) else {
            return Err(Error::unknown(
                format!("{argument}.schedule"),
                "learning rate schedule",
                &Schedule::NAMES,
                &name,
            ));
        };
        build(config, argument)
    }

    /// The learning rate at `step` (the optimizer's iteration count).
    pub fn at(&self, step: u64) -> f64 {
        let step = step as f64;
        match self {
            Schedule::ExponentialDecay {
                initial_learning_rate,
                decay_steps,
                decay_rate,
                staircase,
            } => {
                let progress = step / decay_steps;
                let exponent = if *staircase {
                    progress.floor()
                } else {
                    progress
                };
                initial_learning_rate * decay_rate.powf(exponent)
            }
            Schedule::CosineDecay {
                initial_learning_rate,
                decay_steps,
                alpha,
                warmup,
            } => {
                let cosine = |step: f64, from: f64| {
                    let fraction = step / decay_steps;
                    let decayed = 0.5 * (1.0 + (std::f64::consts::PI * fraction).cos());
                    from * ((1.0 - alpha) * decayed + alpha)
                };
                match warmup {
                    None => cosine(step.min(*decay_steps), *initial_learning_rate),
                    Some(Warmup { target, steps }) => {
                        let step = step.min(decay_steps + steps);
                        if step < *steps {
                            // Linear from the initial rate to the target over the warmup.
                            (target - initial_learning_rate) * (step / steps)
                                + initial_learning_rate
                        } else {
                            cosine(step - steps, *target)
                        }
                    }
                }
            }
            Schedule::PiecewiseConstantDecay { boundaries, values } => {
                let interval = boundaries
                    .iter()
                    .position(|&boundary| step <= boundary)
                    .unwrap_or(boundaries.len());
                values[interval]
            }
        }
    }
}

/// Keras's `ExponentialDecay` from its arguments.
fn exponential_decay(config: serde_json::Value, argument: &str) -> Result<Schedule, Error> {
    let at = |field: &str| format!("{argument}.{field}");
    let c: ExponentialDecayConfig = crate::spec::from_value(config, argument)?;
    check_finite(c.initial_learning_rate, &at("initial_learning_rate"))?;
    check_finite(c.decay_rate, &at("decay_rate"))?;
    check_positive(c.decay_steps, &at("decay_steps"))?;
    Ok(Schedule::ExponentialDecay {
        initial_learning_rate: c.initial_learning_rate,
        decay_steps: c.decay_steps,
        decay_rate: c.decay_rate,
        staircase: c.staircase,
    })
}

/// Keras's `CosineDecay` from its arguments.
fn cosine_decay(config: serde_json::Value, argument: &str) -> Result<Schedule, Error> {
    let at = |field: &str| format!("{argument}.{field}");
    let c: CosineDecayConfig = crate::spec::from_value(config, argument)?;
    check_finite(c.initial_learning_rate, &at("initial_learning_rate"))?;
    check_finite(c.alpha, &at("alpha"))?;
    check_positive(c.decay_steps, &at("decay_steps"))?;
    let warmup = match c.warmup_target {
        Some(target) => {
            check_finite(target, &at("warmup_target"))?;
            if !(c.warmup_steps.is_finite() && c.warmup_steps >= 0.0) {
                return Err(Error::invalid(
                    at("warmup_steps"),
                    "a non-negative number of steps",
                    c.warmup_steps,
                ));
            }
            Some(Warmup {
                target,
                steps: c.warmup_steps,
            })
        }
        None => None,
    };
    Ok(Schedule::CosineDecay {
        initial_learning_rate: c.initial_learning_rate,
        decay_steps: c.decay_steps,
        alpha: c.alpha,
        warmup,
    })
}

/// Keras's `PiecewiseConstantDecay` from its arguments.
fn piecewise_constant_decay(config: serde_json::Value, argument: &str) -> Result<Schedule, Error> {
    let at = |field: &str| format!("{argument}.{field}");
    let c: PiecewiseConstantDecayConfig = crate::spec::from_value(config, argument)?;
    if c.values.len() != c.boundaries.len() + 1 {
        return Err(Error::invalid(
            at("values"),
            format!(
                "one more value than boundaries ({} values for {} boundaries)",
                c.boundaries.len() + 1,
                c.boundaries.len()
            ),
            format!("{} values", c.values.len()),
        ));
    }
    for (i, &value) in c.values.iter().enumerate() {
        check_finite(value, &at(&format!("values[{i}]")))?;
    }
    for (i, pair) in c.boundaries.windows(2).enumerate() {
        if pair[0] >= pair[1] {
            return Err(Error::invalid(
                at(&format!("boundaries[{}]", i + 1)),
                "strictly increasing boundaries",
                pair[1],
            ));
        }
    }
    Ok(Schedule::PiecewiseConstantDecay {
        boundaries: c.boundaries,
        values: c.values,
    })
}

fn check_finite(value: f64, argument: &str) -> Result<(), Error> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(argument, "a finite number", value))
    }
}

/// Keras raises for `decay_steps <= 0`: the schedule would divide by it.
fn check_positive(value: f64, argument: &str) -> Result<(), Error> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            argument,
            "a positive number of steps",
            value,
        ))
    }
}
