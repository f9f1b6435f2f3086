//! The loss of one model output as `compile()` names it: a built-in loss, or a custom loss
//! given as an Expression (Keras's `LossFunctionWrapper` around a user function, reduced with
//! `sum_over_batch_size` like every loss).

use super::{Loss, HUBER_DEFAULT_DELTA};
use crate::activation::Activation;
use crate::error::Error;
use crate::expression::Expression;
use crate::spec::compile::LossSpec;
use crate::targets::Targets;

/// A built-in or custom loss.
#[derive(Debug, Clone)]
pub enum LossFunction {
    BuiltIn(Loss),
    Custom(Box<Expression>),
}

impl LossFunction {
    /// Reads one loss entry of a CompileSpec: a name, `{ "name", "from_logits", "delta" }`, or
    /// `{ "name", "expression" }`. `argument` (e.g. `loss[1]`) prefixes errors; `output_shape`
    /// is the per-sample shape of the output the loss reads.
    pub fn from_spec(
        value: &serde_json::Value,
        argument: &str,
        output_shape: &[usize],
    ) -> Result<LossFunction, Error> {
        match value {
            serde_json::Value::String(name) => {
                Loss::from_name(name, false, argument).map(LossFunction::BuiltIn)
            }
            serde_json::Value::Object(_) => {
                let spec: LossSpec = crate::spec::from_value(value.clone(), argument)?;
                if let Some(expression) = &spec.expression {
                    let field = [
                        ("from_logits", spec.from_logits.is_some()),
                        ("delta", spec.delta.is_some()),
                    ]
                    .into_iter()
                    .find(|(_, given)| *given);
                    if let Some((field, _)) = field {
                        return Err(Error::invalid(
                            format!("{argument}.{field}"),
                            "no built-in loss argument next to an `expression`",
                            "a value",
                        ));
                    }
                    let expression = Expression::from_spec(
                        expression,
                        output_shape,
                        &format!("{argument}.expression"),
                    )?;
                    return Ok(LossFunction::Custom(Box::new(expression)));
                }
                let name_argument = format!("{argument}.name");
                let loss = Loss::from_name(
                    &spec.name,
                    spec.from_logits.unwrap_or(false),
                    &name_argument,
                )?;
                match (loss, spec.delta) {
                    (Loss::Huber { .. }, Some(delta)) => {
                        if !(delta.is_finite() && delta >= 0.0) {
                            return Err(Error::invalid(
                                format!("{argument}.delta"),
                                "a non-negative number",
                                delta,
                            ));
                        }
                        Ok(LossFunction::BuiltIn(Loss::Huber { delta }))
                    }
                    (Loss::Huber { .. }, None) => Ok(LossFunction::BuiltIn(Loss::Huber {
                        delta: HUBER_DEFAULT_DELTA,
                    })),
                    (_, Some(_)) => Err(Error::invalid(
                        format!("{argument}.delta"),
                        "`delta` only with the huber loss",
                        format!("{} with a delta", spec.name),
                    )),
                    (loss, None) => Ok(LossFunction::BuiltIn(loss)),
                }
            }
            other => Err(Error::invalid(
                argument,
                "a loss name, an object { name, from_logits, delta }, or a custom loss \
                 { name, expression }",
                other,
            )),
        }
    }

    /// The label layout this loss reads (a custom loss reads labels shaped like the output).
    pub fn targets(&self) -> Targets {
        match self {
            LossFunction::BuiltIn(loss) => loss.targets(),
            LossFunction::Custom(_) => Targets::Dense,
        }
    }

    /// The from-logits form when the output's activation allows it (see `Loss::on_logits_of`).
    pub fn on_logits_of(&self, activation: Activation) -> Option<LossFunction> {
        match self {
            LossFunction::BuiltIn(loss) => loss.on_logits_of(activation).map(LossFunction::BuiltIn),
            LossFunction::Custom(_) => None,
        }
    }

    /// `Σ w·loss / rows` (see `Loss::compute_weighted`); with `gradient`, `dLoss/dprediction`.
    pub fn compute_weighted(
        &mut self,
        prediction: &[f32],
        targets: &[f32],
        width: usize,
        sample_weight: Option<&[f32]>,
        gradient: Option<&mut [f32]>,
    ) -> Result<f64, Error> {
        match self {
            LossFunction::BuiltIn(loss) => {
                loss.compute_weighted(prediction, targets, width, sample_weight, gradient)
            }
            LossFunction::Custom(expression) => {
                expression.loss(prediction, targets, sample_weight, gradient)
            }
        }
    }
}
