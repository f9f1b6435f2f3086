//! How a layer's weights are set up: each weight's initializer and regularizer, read from its
//! `<weight>_initializer` and `<weight>_regularizer` arguments, and the weights a call plans.

use crate::error::Error;
use crate::initializer::Initializer;
use crate::layers::kind::{ConfigAt, OpKernel};
use crate::regularizer::Regularizer;
use crate::spec::RegularizerSpec;

/// How a weight starts, and the penalty on it.
#[derive(Debug, Clone, Copy)]
pub struct WeightSetup {
    pub initializer: Initializer,
    pub regularizer: Option<Regularizer>,
}

impl WeightSetup {
    /// Reads `<weight>_initializer` and `<weight>_regularizer`.
    pub fn from_config(
        initializer: &str,
        regularizer: Option<RegularizerSpec>,
        weight: &str,
        at: &ConfigAt,
    ) -> Result<WeightSetup, Error> {
        Ok(WeightSetup {
            initializer: Initializer::from_name(
                initializer,
                &at.config(&format!("{weight}_initializer")),
            )?,
            regularizer: Regularizer::from_spec(
                regularizer,
                &at.config(&format!("{weight}_regularizer")),
            )?,
        })
    }

    /// A weight that is never regularized (moving statistics).
    pub fn fixed(initializer: Initializer) -> WeightSetup {
        WeightSetup {
            initializer,
            regularizer: None,
        }
    }
}

/// One weight a call needs.
#[derive(Debug, Clone)]
pub struct PlannedWeight {
    pub suffix: &'static str,
    pub shape: Vec<usize>,
    pub trainable: bool,
    pub setup: WeightSetup,
}

/// The weights of `op`, trainable then not, each set up by `setup(suffix)`.
pub fn planned(op: &impl OpKernel, setup: impl Fn(&str) -> WeightSetup) -> Vec<PlannedWeight> {
    let trainable = op.weights().into_iter().map(|w| (w, true));
    let state = op.state_weights().into_iter().map(|w| (w, false));
    trainable
        .chain(state)
        .map(|((suffix, shape), trainable)| PlannedWeight {
            suffix,
            shape,
            trainable,
            setup: setup(suffix),
        })
        .collect()
}
