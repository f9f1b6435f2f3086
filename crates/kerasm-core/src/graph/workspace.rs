//! Activation, gradient and scratch buffers of one graph, sized for a batch and reused across
//! steps. Capacities only grow, so after the first batch of a given size a training step
//! allocates nothing (a short last batch shrinks the lengths, not the allocations).

use crate::buffer;
use crate::error::Error;
use crate::kernels::sparse::{CsrMatrix, CsrView};

/// Per-slot buffers (slot `s` is a model input or a node's output, see `Graph`), and per-node
/// scratch (what an op keeps from its forward for its backward).
#[derive(Debug, Clone)]
pub struct Workspace {
    pub(super) batch: usize,
    /// Slots below this are model inputs: their dense buffers are sized when a dense batch is
    /// written, so an input read as CSR never holds `batch × features` unused values.
    pub(super) input_count: usize,
    pub(super) sample_sizes: Vec<usize>,
    pub(super) values: Vec<Vec<f32>>,
    /// Pre-activation values, kept only where a loss reads logits.
    pub(super) logits: Vec<Vec<f32>>,
    pub(super) keeps_logits: Vec<bool>,
    pub(super) grads: Vec<Vec<f32>>,
    pub(super) has_grad: Vec<bool>,
    pub(super) scratch: Vec<Vec<f32>>,
    /// Scratch length of each node: `per_sample · batch + fixed`.
    pub(super) scratch_sizes: Vec<(usize, usize)>,
    /// Whether the last forward pass trained (its backward must match).
    pub(super) training: bool,
    pub(super) csr: CsrBatches,
}

/// Per model input slot, the batch as CSR when it was gathered so (then the slot's dense values
/// are not written, and the Dense layers reading it run on the non-zeros).
#[derive(Debug, Clone, Default)]
pub(super) struct CsrBatches {
    batches: Vec<CsrMatrix>,
    active: Vec<bool>,
}

impl CsrBatches {
    /// The CSR batch of `slot`, when the current batch was gathered as CSR there.
    pub(super) fn get(&self, slot: usize) -> Option<CsrView<'_>> {
        match self.active.get(slot) {
            Some(true) => Some(self.batches[slot].view()),
            _ => None,
        }
    }
}

impl Workspace {
    pub(super) fn new(
        input_count: usize,
        sample_sizes: Vec<usize>,
        keeps_logits: Vec<bool>,
        has_grad: Vec<bool>,
        scratch_sizes: Vec<(usize, usize)>,
    ) -> Workspace {
        let empty = |n: usize| vec![Vec::new(); n];
        Workspace {
            batch: 0,
            input_count,
            values: empty(sample_sizes.len()),
            logits: empty(sample_sizes.len()),
            grads: empty(sample_sizes.len()),
            scratch: empty(scratch_sizes.len()),
            sample_sizes,
            keeps_logits,
            has_grad,
            scratch_sizes,
            training: false,
            csr: CsrBatches::default(),
        }
    }

    /// Sizes every buffer for `batch` samples.
    pub fn set_batch(&mut self, batch: usize) -> Result<(), Error> {
        if batch == self.batch {
            return Ok(());
        }
        for (slot, &sample_size) in self.sample_sizes.iter().enumerate() {
            let len = buffer::checked_mul(batch, sample_size, "batch_size")?;
            if slot >= self.input_count {
                buffer::resize(&mut self.values[slot], len, "activations")?;
            }
            if self.keeps_logits[slot] {
                buffer::resize(&mut self.logits[slot], len, "logits")?;
            }
            if self.has_grad[slot] {
                buffer::resize(&mut self.grads[slot], len, "gradients")?;
            }
        }
        for (scratch, &(per_sample, fixed)) in self.scratch.iter_mut().zip(&self.scratch_sizes) {
            let len = buffer::checked_mul(batch, per_sample, "batch_size")?
                .checked_add(fixed)
                .ok_or_else(|| Error::invalid("batch_size", "a size that fits in memory", batch))?;
            buffer::resize(scratch, len, "layer scratch")?;
        }
        self.batch = batch;
        Ok(())
    }

    /// The values of `slot` for the current batch.
    pub fn value(&self, slot: usize) -> &[f32] {
        &self.values[slot]
    }

    /// The dense values of input `slot` to write for the current batch; the slot's CSR batch
    /// (if any) no longer applies.
    pub fn dense_input_mut(&mut self, slot: usize) -> Result<&mut [f32], Error> {
        if let Some(active) = self.csr.active.get_mut(slot) {
            *active = false;
        }
        let len = buffer::checked_mul(self.batch, self.sample_sizes[slot], "batch_size")?;
        buffer::resize(&mut self.values[slot], len, "the input batch")?;
        Ok(&mut self.values[slot])
    }

    /// The CSR batch buffer of input `slot` to fill; from now on the slot is read as CSR.
    pub fn csr_batch_mut(&mut self, slot: usize) -> &mut CsrMatrix {
        let csr = &mut self.csr;
        if csr.batches.len() <= slot {
            csr.batches.resize_with(slot + 1, CsrMatrix::default);
            csr.active.resize(slot + 1, false);
        }
        csr.active[slot] = true;
        &mut csr.batches[slot]
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

#[cfg(test)]
mod tests {
    use super::Workspace;

    #[test]
    fn an_input_read_as_csr_holds_no_dense_batch() {
        // Slot 0 is a 10 000-feature input, slot 1 a 16-unit layer's output.
        let mut workspace = Workspace::new(
            1,
            vec![10_000, 16],
            vec![false, false],
            vec![false, true],
            vec![],
        );
        workspace.set_batch(512).unwrap();
        workspace.csr_batch_mut(0);
        assert_eq!(workspace.values[0].capacity(), 0);
        assert_eq!(workspace.value(1).len(), 512 * 16);
        assert!(workspace.csr.get(0).is_some());
        // A dense batch written there sizes the buffer and ends the CSR batch.
        assert_eq!(workspace.dense_input_mut(0).unwrap().len(), 512 * 10_000);
        assert!(workspace.csr.get(0).is_none());
        workspace.set_batch(3).unwrap();
        assert_eq!(workspace.dense_input_mut(0).unwrap().len(), 3 * 10_000);
    }
}
