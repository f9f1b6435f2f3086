//! The learned scale γ and offset β the normalizations (Keras's `BatchNormalization` and
//! `LayerNormalization`) apply after normalizing, `y = γ·x̂ + β` per feature: γ exists when
//! `scale`, β when `center`, and they sit in the layer's weights in that order. Their
//! arguments are the same in both layers, and read here once.

use crate::error::Error;
use crate::layers::args::{ones, yes, zeros};
use crate::layers::kind::ConfigAt;
use crate::layers::weights::WeightSetup;
use crate::spec::RegularizerSpec;
use serde::{Deserialize, Serialize};

/// The γ/β arguments of both normalizations, with Keras's defaults (flattened into each
/// layer's config).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GammaBetaConfig {
    #[serde(default = "yes")]
    pub center: bool,
    #[serde(default = "yes")]
    pub scale: bool,
    #[serde(default = "zeros")]
    pub beta_initializer: String,
    #[serde(default = "ones")]
    pub gamma_initializer: String,
    #[serde(default)]
    pub beta_regularizer: Option<RegularizerSpec>,
    #[serde(default)]
    pub gamma_regularizer: Option<RegularizerSpec>,
}

/// A normalization's γ and β: which it has, and how each starts.
#[derive(Debug, Clone, Copy)]
pub struct GammaBetaSetup {
    center: bool,
    scale: bool,
    pub gamma: WeightSetup,
    pub beta: WeightSetup,
}

impl GammaBetaSetup {
    /// Validates the γ/β arguments.
    pub fn from_config(config: &GammaBetaConfig, at: &ConfigAt) -> Result<Self, Error> {
        Ok(GammaBetaSetup {
            center: config.center,
            scale: config.scale,
            gamma: WeightSetup::from_config(
                &config.gamma_initializer,
                config.gamma_regularizer,
                "gamma",
                at,
            )?,
            beta: WeightSetup::from_config(
                &config.beta_initializer,
                config.beta_regularizer,
                "beta",
                at,
            )?,
        })
    }

    /// The op's γ/β over rows of `width` features.
    pub fn affine(&self, width: usize) -> GammaBeta {
        GammaBeta {
            width,
            center: self.center,
            scale: self.scale,
        }
    }
}

/// Which of γ and β a normalization of rows of `width` features has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GammaBeta {
    pub width: usize,
    pub center: bool,
    pub scale: bool,
}

impl GammaBeta {
    pub(crate) fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        let mut weights = Vec::new();
        if self.scale {
            weights.push(("gamma", vec![self.width]));
        }
        if self.center {
            weights.push(("beta", vec![self.width]));
        }
        weights
    }

    pub(crate) fn param_count(&self) -> usize {
        (self.scale as usize + self.center as usize) * self.width
    }

    /// (γ, β) as slices of `params`, `None` where the layer has no such weight.
    pub(crate) fn split<'p>(&self, params: &'p [f32]) -> (Option<&'p [f32]>, Option<&'p [f32]>) {
        let (gamma, beta) = params.split_at(self.gamma_len());
        (self.scale.then_some(gamma), self.center.then_some(beta))
    }

    /// (dγ, dβ) as slices of the weight gradients, empty where the layer has no such weight.
    pub(crate) fn split_grads<'g>(&self, grads: &'g mut [f32]) -> (&'g mut [f32], &'g mut [f32]) {
        grads.split_at_mut(self.gamma_len())
    }

    /// γ of feature `j` (1 without γ).
    pub(crate) fn gain(gamma: Option<&[f32]>, j: usize) -> f32 {
        gamma.map_or(1.0, |g| g[j])
    }

    /// `γ·x̂ + β` for feature `j`.
    pub(crate) fn apply(
        gamma: Option<&[f32]>,
        beta: Option<&[f32]>,
        j: usize,
        normalized: f32,
    ) -> f32 {
        normalized * GammaBeta::gain(gamma, j) + beta.map_or(0.0, |b| b[j])
    }

    fn gamma_len(&self) -> usize {
        if self.scale {
            self.width
        } else {
            0
        }
    }
}
