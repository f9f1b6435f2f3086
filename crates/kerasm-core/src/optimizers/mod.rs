//! Optimizers with Keras 3's defaults and update rules, and the base optimizer's shared parts
//! (`keras/src/optimizers/base_optimizer.py`): learning rate or schedule, gradient clipping,
//! decoupled weight decay, the iteration count. Each rule keeps its state in flat vectors
//! parallel to the model's flat parameter vector and only touches the trainable variables.
mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod clipping;
mod moments;
mod nadam;
mod rmsprop;
mod sgd;

pub use adadelta::Adadelta;
pub use adagrad::Adagrad;
pub use adam::Adam;
pub use adamax::Adamax;
pub use clipping::Clipping;
pub use nadam::Nadam;
pub use rmsprop::RmsProp;
pub use sgd::Sgd;

use crate::buffer;
use crate::error::Error;
use crate::names::{lookup, names_of};
use crate::schedule::LearningRate;
use std::ops::Range;

/// Keras's AdamW default `weight_decay`.
const ADAMW_WEIGHT_DECAY: f64 = 0.004;

/// An optimizer and its state, for a fixed layout of weights.
#[derive(Debug, Clone)]
pub struct Optimizer {
    parameters: usize,
    /// The trainable variables inside the flat parameter vector; everything else (batch
    /// normalization's moving statistics) is never touched.
    variables: Vec<Range<usize>>,
    rule: UpdateRule,
    learning_rate: LearningRate,
    clipping: Option<Clipping>,
    /// Decoupled decay `w −= w·wd·lr` before each update (Keras's `_apply_weight_decay`).
    weight_decay: Option<f32>,
    /// Steps taken (Keras's `optimizer.iterations`).
    iterations: u64,
    /// Scratch for clipped gradients; empty without clipping.
    clipped: Vec<f32>,
}

/// One rule's update of one variable: its range in the parameter vector, weights, gradients.
type VariableUpdate<'a> = dyn FnMut(Range<usize>, &mut [f32], &[f32]) + 'a;

/// What an update rule needs to know about the current step.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    pub learning_rate: f64,
    /// Steps taken before this one.
    pub iterations: u64,
}

/// The update rule and its per-weight state.
#[derive(Debug, Clone)]
enum UpdateRule {
    Sgd(Sgd),
    RmsProp(RmsProp),
    Adam(Adam),
    Adagrad(Adagrad),
    Adadelta(Adadelta),
    Adamax(Adamax),
    Nadam(Nadam),
}

/// Builds an update rule from its own fields of the spec, for a number of parameters.
type BuildRule = fn(serde_json::Value, usize) -> Result<UpdateRule, Error>;

/// Every update rule by its Keras name; AdamW is Adam with a default weight decay.
const RULES: [(&str, BuildRule); 8] = [
    ("sgd", |c, p| Ok(UpdateRule::Sgd(Sgd::from_config(c, p)?))),
    ("rmsprop", |c, p| {
        Ok(UpdateRule::RmsProp(RmsProp::from_config(c, p)?))
    }),
    ("adam", |c, p| {
        Ok(UpdateRule::Adam(Adam::from_config(c, p)?))
    }),
    ("adamw", |c, p| {
        Ok(UpdateRule::Adam(Adam::from_config(c, p)?))
    }),
    ("adagrad", |c, p| {
        Ok(UpdateRule::Adagrad(Adagrad::from_config(c, p)?))
    }),
    ("adadelta", |c, p| {
        Ok(UpdateRule::Adadelta(Adadelta::from_config(c, p)?))
    }),
    ("adamax", |c, p| {
        Ok(UpdateRule::Adamax(Adamax::from_config(c, p)?))
    }),
    ("nadam", |c, p| {
        Ok(UpdateRule::Nadam(Nadam::from_config(c, p)?))
    }),
];

/// The fields every Keras 3 optimizer takes, read before the rule's own.
const SHARED_FIELDS: [&str; 5] = [
    "learning_rate",
    "weight_decay",
    "clipnorm",
    "clipvalue",
    "global_clipnorm",
];

impl Optimizer {
    /// The accepted names (case-insensitive, as Keras's `optimizers.get`).
    pub const NAMES: [&'static str; RULES.len()] = names_of(&RULES);

    /// An optimizer for `parameters` weights that are all one trainable variable.
    pub fn from_spec(spec: &serde_json::Value, parameters: usize) -> Result<Optimizer, Error> {
        Optimizer::for_variables(spec, parameters, std::iter::once(0..parameters).collect())
    }

    /// Builds an optimizer from the `optimizer` field of a CompileSpec (a name, or
    /// `{ "name", ...hyper-parameters }` with Keras's defaults for the rest) for a flat vector
    /// of `parameters` weights whose trainable variables are `variables`.
    pub fn for_variables(
        spec: &serde_json::Value,
        parameters: usize,
        variables: Vec<Range<usize>>,
    ) -> Result<Optimizer, Error> {
        if let Some(range) = variables
            .iter()
            .find(|range| range.start > range.end || range.end > parameters)
        {
            return Err(Error::invalid(
                "variables",
                format!("ranges inside the {parameters} parameters"),
                format!("{range:?}"),
            ));
        }
        let (name, mut fields) = match spec {
            serde_json::Value::String(name) => (name.clone(), serde_json::Map::new()),
            serde_json::Value::Object(fields) => {
                let mut fields = fields.clone();
                let name = match fields.remove("name") {
                    Some(serde_json::Value::String(name)) => name,
                    other => {
                        return Err(Error::invalid(
                            "optimizer.name",
                            "the optimizer's name as a string",
                            other.map_or("missing".to_string(), |v| v.to_string()),
                        ))
                    }
                };
                (name, fields)
            }
            other => {
                return Err(Error::invalid(
                    "optimizer",
                    "an optimizer name or an object { name, ...hyper-parameters }",
                    other,
                ))
            }
        };
        let [learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm] =
            SHARED_FIELDS.map(|field| fields.remove(field));
        let config = serde_json::Value::Object(fields);
        let lowered = name.to_ascii_lowercase();
        let Some(build) = lookup(&RULES, &lowered) else {
            return Err(Error::unknown(
                "optimizer.name",
                "optimizer",
                &Optimizer::NAMES,
                &name,
            ));
        };
        let rule = build(config, parameters)?;
        let learning_rate = match learning_rate {
            Some(value) if !value.is_null() => {
                LearningRate::from_value(value, "optimizer.learning_rate")?
            }
            _ => LearningRate::Constant(if lowered == "sgd" {
                Sgd::DEFAULT_LEARNING_RATE
            } else {
                0.001
            }),
        };
        let weight_decay = match (lowered.as_str(), weight_decay) {
            // Keras's AdamW raises for `weight_decay=None`: without it, it is plain Adam.
            ("adamw", Some(serde_json::Value::Null)) => {
                return Err(Error::invalid(
                    "optimizer.weight_decay",
                    "a float (AdamW needs a weight decay)",
                    "null",
                ))
            }
            ("adamw", None) => Some(ADAMW_WEIGHT_DECAY),
            (_, value) => optional_number(value, "optimizer.weight_decay")?,
        };
        let clipping = Clipping::from_fields(
            optional_number(clipnorm, "optimizer.clipnorm")?,
            optional_number(clipvalue, "optimizer.clipvalue")?,
            optional_number(global_clipnorm, "optimizer.global_clipnorm")?,
        )?;
        let clipped = if clipping.is_some() {
            buffer::zeroed(parameters, "the clipped gradients")?
        } else {
            Vec::new()
        };
        Ok(Optimizer {
            parameters,
            variables,
            rule,
            learning_rate,
            clipping,
            weight_decay: weight_decay.map(|decay| decay as f32),
            iterations: 0,
            clipped,
        })
    }

    /// Clips the gradients, decays the weights, and updates every trainable variable once.
    pub fn step(&mut self, weights: &mut [f32], gradients: &[f32]) -> Result<(), Error> {
        for (argument, values) in [("weights", weights.len()), ("gradients", gradients.len())] {
            if values != self.parameters {
                return Err(Error::shape(
                    argument,
                    format!("{} values, as the optimizer was built for", self.parameters),
                    format!("{values} values"),
                ));
            }
        }
        let gradients = match self.clipping {
            Some(clipping) => {
                clipping.apply(&self.variables, gradients, &mut self.clipped);
                &self.clipped[..]
            }
            None => gradients,
        };
        let step = Step {
            learning_rate: self.learning_rate(),
            iterations: self.iterations,
        };
        if let Some(decay) = self.weight_decay {
            let lr = step.learning_rate as f32;
            for range in &self.variables {
                for w in &mut weights[range.clone()] {
                    *w -= *w * decay * lr;
                }
            }
        }
        if let UpdateRule::Nadam(nadam) = &mut self.rule {
            nadam.begin_step(self.iterations);
        }
        // The rule is matched once, outside the loop over variables: with the match inside,
        // LLVM hoisted every rule's `powf` (Adam's, Adamax's, Nadam's) above it, and each step
        // paid for them whatever the rule.
        let mut each = |update: &mut VariableUpdate<'_>| {
            for range in &self.variables {
                let (w, g) = (&mut weights[range.clone()], &gradients[range.clone()]);
                update(range.clone(), w, g);
            }
        };
        match &mut self.rule {
            UpdateRule::Sgd(rule) => each(&mut |r, w, g| rule.update(r, w, g, step)),
            UpdateRule::RmsProp(rule) => each(&mut |r, w, g| rule.update(r, w, g, step)),
            UpdateRule::Adam(rule) => each(&mut |r, w, g| rule.update(r, w, g, step)),
            UpdateRule::Adagrad(rule) => each(&mut |r, w, g| rule.update(r, w, g, step)),
            UpdateRule::Adadelta(rule) => each(&mut |r, w, g| rule.update(r, w, g, step)),
            UpdateRule::Adamax(rule) => each(&mut |r, w, g| rule.update(r, w, g, step)),
            UpdateRule::Nadam(rule) => each(&mut |r, w, g| rule.update(r, w, g, step)),
        }
        self.iterations += 1;
        Ok(())
    }

    /// Steps taken since the optimizer was built (or as restored by `set_state`).
    pub fn iterations(&self) -> u64 {
        self.iterations
    }

    /// The learning rate of the next step: a schedule is evaluated at `iterations()`.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate.at(self.iterations)
    }

    /// Replaces the learning rate (or schedule) by a constant, as Keras callbacks set it.
    pub fn set_learning_rate(&mut self, learning_rate: f64) {
        self.learning_rate = LearningRate::Constant(learning_rate);
    }

    /// The optimizer's state: its scalars (Nadam's `u_product`) as one-value arrays, then for
    /// each per-weight slot (e.g. Adam's momentums, then velocities) one array per trainable
    /// variable, in variable order. The iteration count is `iterations()`.
    pub fn state(&self) -> Vec<Vec<f32>> {
        // The rules lend their state mutably only; a copy is cheap next to the export itself.
        let mut rule = self.rule.clone();
        let mut state: Vec<Vec<f32>> = rule.scalars().into_iter().map(|s| vec![*s]).collect();
        for slot in rule.slots() {
            state.extend(
                self.variables
                    .iter()
                    .map(|range| slot[range.clone()].to_vec()),
            );
        }
        state
    }

    /// Restores a state exported by `state()` from an optimizer of the same kind and layout,
    /// and the iteration count; nothing changes unless every array fits.
    pub fn set_state(&mut self, iterations: u64, state: &[Vec<f32>]) -> Result<(), Error> {
        let scalars = self.rule.scalars().len();
        let slots = self.rule.slots().len();
        let expected: Vec<usize> = std::iter::repeat_n(1, scalars)
            .chain((0..slots).flat_map(|_| self.variables.iter().map(|range| range.len())))
            .collect();
        if state.len() != expected.len() {
            return Err(Error::invalid(
                "optimizer_state",
                format!(
                    "{} arrays: {scalars} scalars, then {slots} slots × {} variables",
                    expected.len(),
                    self.variables.len()
                ),
                format!("{} arrays", state.len()),
            ));
        }
        if let Some((i, (values, &len))) = state
            .iter()
            .zip(&expected)
            .enumerate()
            .find(|(_, (values, &len))| values.len() != len)
        {
            return Err(Error::shape(
                format!("optimizer_state[{i}]"),
                format!("{len} values"),
                format!("{} values", values.len()),
            ));
        }
        let (scalar_values, slot_values) = state.split_at(scalars);
        for (scalar, values) in self.rule.scalars().into_iter().zip(scalar_values) {
            *scalar = values[0];
        }
        let variables = &self.variables;
        let mut arrays = slot_values.iter();
        for slot in self.rule.slots() {
            for (range, values) in variables.iter().zip(arrays.by_ref()) {
                slot[range.clone()].copy_from_slice(values);
            }
        }
        self.iterations = iterations;
        Ok(())
    }
}

impl UpdateRule {
    /// Per-weight state vectors, each as long as the parameter vector.
    fn slots(&mut self) -> Vec<&mut Vec<f32>> {
        match self {
            UpdateRule::Sgd(rule) => rule.slots(),
            UpdateRule::RmsProp(rule) => rule.slots(),
            UpdateRule::Adam(rule) => rule.slots(),
            UpdateRule::Adagrad(rule) => rule.slots(),
            UpdateRule::Adadelta(rule) => rule.slots(),
            UpdateRule::Adamax(rule) => rule.slots(),
            UpdateRule::Nadam(rule) => rule.slots(),
        }
    }

    /// Scalar state.
    fn scalars(&mut self) -> Vec<&mut f32> {
        match self {
            UpdateRule::Nadam(rule) => rule.scalars(),
            _ => Vec::new(),
        }
    }
}

/// An optional hyper-parameter: absent or `null`, or a finite number.
fn optional_number(value: Option<serde_json::Value>, argument: &str) -> Result<Option<f64>, Error> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(number)) => {
            let value = number.as_f64().unwrap_or(f64::NAN);
            check_finite(value, argument)?;
            Ok(Some(value))
        }
        Some(other) => Err(Error::invalid(argument, "a number or null", other)),
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
