//! The hyper-parameters the Adam family shares (Keras 3's `Adam`, `AdamW`, `Adamax`, `Nadam`):
//! the decay rates of the first and second moments and the epsilon, with Keras's defaults.
//! Only Adam and AdamW take `amsgrad`.

use crate::error::Error;
use crate::optimizers::check_finite;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MomentsConfig {
    #[serde(default = "default_beta_1")]
    beta_1: f64,
    #[serde(default = "default_beta_2")]
    beta_2: f64,
    #[serde(default = "default_epsilon")]
    epsilon: f64,
    #[serde(default)]
    amsgrad: Option<bool>,
}

fn default_beta_1() -> f64 {
    0.9
}

fn default_beta_2() -> f64 {
    0.999
}

fn default_epsilon() -> f64 {
    1e-7
}

/// An Adam-family rule's validated hyper-parameters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moments {
    pub beta_1: f64,
    pub beta_2: f64,
    pub epsilon: f64,
    pub amsgrad: bool,
}

impl Moments {
    /// Reads the rule's own fields of the optimizer spec; `rule` names it in errors, and
    /// `takes_amsgrad` says whether it has Adam's `amsgrad` variant.
    pub(crate) fn from_config(
        config: serde_json::Value,
        rule: &str,
        takes_amsgrad: bool,
    ) -> Result<Moments, Error> {
        let config: MomentsConfig = crate::spec::from_value(config, "optimizer")?;
        check_finite(config.beta_1, "optimizer.beta_1")?;
        check_finite(config.beta_2, "optimizer.beta_2")?;
        check_finite(config.epsilon, "optimizer.epsilon")?;
        if config.amsgrad.is_some() && !takes_amsgrad {
            return Err(Error::invalid(
                "optimizer.amsgrad",
                format!("no `amsgrad` for the optimizer '{rule}' (only adam and adamw have it)"),
                "a value",
            ));
        }
        Ok(Moments {
            beta_1: config.beta_1,
            beta_2: config.beta_2,
            epsilon: config.epsilon,
            amsgrad: config.amsgrad.unwrap_or(false),
        })
    }
}
