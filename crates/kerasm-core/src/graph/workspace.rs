//! Activation and gradient buffers of one graph, sized for a batch and reused across steps.
//! Capacities only grow, so after the first batch of a given size a training step allocates
//! nothing (a short last batch shrinks the lengths, not the allocations).

use crate::buffer;
use crate::error::Error;

/// Per-slot buffers: slot `s` is a model input or a layer's output (see `Graph`).
#[derive(Debug, Clone)]
pub struct Workspace {
    pub(super) batch: usize,
    pub(super) sample_sizes: Vec<usize>,
    pub(super) values: Vec<Vec<f32>>,
    /// Pre-activation values, kept only where a loss reads logits.
    pub(super) logits: Vec<Vec<f32>>,
    pub(super) keeps_logits: Vec<bool>,
    pub(super) grads: Vec<Vec<f32>>,
    pub(super) has_grad: Vec<bool>,
}

impl Workspace {
    pub(super) fn new(
        sample_sizes: Vec<usize>,
        keeps_logits: Vec<bool>,
        has_grad: Vec<bool>,
    ) -> Workspace {
        let empty = || vec![Vec::new(); sample_sizes.len()];
        Workspace {
            batch: 0,
            values: empty(),
            logits: empty(),
            grads: empty(),
            sample_sizes,
            keeps_logits,
            has_grad,
        }
    }

    /// Sizes every buffer for `batch` samples.
    pub fn set_batch(&mut self, batch: usize) -> Result<(), Error> {
        if batch == self.batch {
            return Ok(());
        }
        for (slot, &sample_size) in self.sample_sizes.iter().enumerate() {
            let len = buffer::checked_mul(batch, sample_size, "batch_size")?;
            buffer::resize(&mut self.values[slot], len, "activations")?;
            if self.keeps_logits[slot] {
                buffer::resize(&mut self.logits[slot], len, "logits")?;
            }
            if self.has_grad[slot] {
                buffer::resize(&mut self.grads[slot], len, "gradients")?;
            }
        }
        self.batch = batch;
        Ok(())
    }

    /// The values of `slot` for the current batch.
    pub fn value(&self, slot: usize) -> &[f32] {
        &self.values[slot]
    }

    pub fn value_mut(&mut self, slot: usize) -> &mut [f32] {
        &mut self.values[slot]
    }

    /// The values (or logits, when `logits`) of `slot`, with its gradient buffer to write.
    pub fn prediction_and_grad(&mut self, slot: usize, logits: bool) -> (&[f32], &mut [f32]) {
        let prediction = if logits {
            &self.logits[slot]
        } else {
            &self.values[slot]
        };
        (prediction, &mut self.grads[slot])
    }
}
