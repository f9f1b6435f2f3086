//! The learned scale γ and offset β the normalizations (Keras's `BatchNormalization` and
//! `LayerNormalization`) apply after normalizing, `y = γ·x̂ + β` per feature: γ exists when
//! `scale`, β when `center`, and they sit in the layer's weights in that order.

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
