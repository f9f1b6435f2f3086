//! Keras's `Add`: the element-wise sum of inputs of one shape; each input's gradient is the
//! output's gradient.

use crate::graph::op::{pass_through, InputGrads, Inputs};

pub(crate) fn forward(inputs: Inputs<'_>, output: &mut [f32]) {
    output.copy_from_slice(inputs.get(0));
    for i in 1..inputs.len() {
        output
            .iter_mut()
            .zip(inputs.get(i))
            .for_each(|(y, &x)| *y += x);
    }
}

/// Inputs in order, so a tensor passed twice gets the gradient twice.
pub(crate) fn backward(dy: &[f32], input_grads: &mut InputGrads<'_>) {
    for i in 0..input_grads.len() {
        pass_through(dy, input_grads.get(i));
    }
}
