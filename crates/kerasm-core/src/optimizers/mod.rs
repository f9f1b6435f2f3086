//! Optimizers with Keras 3's defaults and update rules. Each keeps its state in flat vectors
//! parallel to the model's flat parameter vector, so a step is one pass over memory.
mod adam;
mod rmsprop;
mod sgd;

pub use adam::Adam;
pub use rmsprop::RmsProp;
pub use sgd::Sgd;

use crate::error::Error;

/// An optimizer and its state, for a fixed number of weights.
#[derive(Debug, Clone)]
pub struct Optimizer {
    parameters: usize,
    rule: UpdateRule,
}

/// The update rule and its per-weight state.
#[derive(Debug, Clone)]
enum UpdateRule {
    Sgd(Sgd),
    RmsProp(RmsProp),
    Adam(Adam),
}

impl Optimizer {
    /// The accepted names (case-insensitive, as Keras's `optimizers.get`).
    pub const NAMES: &'static [&'static str] = &["sgd", "rmsprop", "adam"];

    /// Builds an optimizer for `parameters` weights from the `optimizer` field of a CompileSpec:
    /// a name, or `{ "name", ...hyper-parameters }` with Keras's defaults for the rest.
    pub fn from_spec(spec: &serde_json::Value, parameters: usize) -> Result<Optimizer, Error> {
        let (name, config) = match spec {
            serde_json::Value::String(name) => {
                (name.clone(), serde_json::Value::Object(Default::default()))
            }
            serde_json::Value::Object(fields) => {
                let mut config = fields.clone();
                let name = match config.remove("name") {
                    Some(serde_json::Value::String(name)) => name,
                    other => {
                        return Err(Error::invalid(
                            "optimizer.name",
                            "the optimizer's name as a string",
                            other.map_or("missing".to_string(), |v| v.to_string()),
                        ))
                    }
                };
                (name, serde_json::Value::Object(config))
            }
            other => {
                return Err(Error::invalid(
                    "optimizer",
                    "an optimizer name or an object { name, ...hyper-parameters }",
                    other,
                ))
            }
        };
        let rule = match name.to_ascii_lowercase().as_str() {
            "sgd" => UpdateRule::Sgd(Sgd::from_config(config, parameters)?),
            "rmsprop" => UpdateRule::RmsProp(RmsProp::from_config(config, parameters)?),
            "adam" => UpdateRule::Adam(Adam::from_config(config, parameters)?),
            _ => {
                return Err(Error::unknown(
                    "optimizer.name",
                    "optimizer",
                    Optimizer::NAMES,
                    &name,
                ))
            }
        };
        Ok(Optimizer { parameters, rule })
    }

    /// Updates `weights` in place from `gradients`; `iterations` is the number of steps taken
    /// before this one.
    pub fn step(
        &mut self,
        weights: &mut [f32],
        gradients: &[f32],
        iterations: u64,
    ) -> Result<(), Error> {
        for (argument, values) in [("weights", weights.len()), ("gradients", gradients.len())] {
            if values != self.parameters {
                return Err(Error::shape(
                    argument,
                    format!("{} values, as the optimizer was built for", self.parameters),
                    format!("{values} values"),
                ));
            }
        }
        match &mut self.rule {
            UpdateRule::Sgd(sgd) => sgd.step(weights, gradients),
            UpdateRule::RmsProp(rmsprop) => rmsprop.step(weights, gradients),
            UpdateRule::Adam(adam) => adam.step(weights, gradients, iterations),
        }
        Ok(())
    }

    pub fn learning_rate(&self) -> f64 {
        match &self.rule {
            UpdateRule::Sgd(sgd) => sgd.learning_rate,
            UpdateRule::RmsProp(rmsprop) => rmsprop.learning_rate,
            UpdateRule::Adam(adam) => adam.learning_rate,
        }
    }

    pub fn set_learning_rate(&mut self, learning_rate: f64) {
        match &mut self.rule {
            UpdateRule::Sgd(sgd) => sgd.learning_rate = learning_rate,
            UpdateRule::RmsProp(rmsprop) => rmsprop.learning_rate = learning_rate,
            UpdateRule::Adam(adam) => adam.learning_rate = learning_rate,
        }
    }
}

/// Flushes a subnormal to zero. Optimizer state of a weight whose gradient stays 0 decays
/// geometrically (m·β₁, v·β₂, …) into the subnormal range, where x86 float arithmetic is
/// ~100× slower; TF's CPU kernels run with flush-to-zero for this reason, and wasm cannot set
/// that mode, so state is flushed explicitly as it is stored.
#[inline]
fn flush_subnormal(x: f32) -> f32 {
    if x.abs() < f32::MIN_POSITIVE {
        0.0
    } else {
        x
    }
}

/// Hyper-parameters must be finite numbers; NaN would silently poison every weight.
fn check_finite(value: f64, argument: &str) -> Result<(), Error> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(argument, "a finite number", value))
    }
}
