//! How a loss or metric reads its labels against the model's output, and the shape check that
//! goes with it. The output is viewed as `[rows × width]` with `width` its last axis.

use crate::error::{format_shape, Error};

/// The layout of `y` a loss or metric expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// One label per output value: `y` has the output's shape.
    Dense,
    /// One integer class index per output row: `y` has the output's shape without its last axis.
    ClassIndices,
}

impl Targets {
    /// Labels per output row of `width` values.
    pub fn per_row(self, width: usize) -> usize {
        match self {
            Targets::Dense => width,
            Targets::ClassIndices => 1,
        }
    }

    /// Checks a per-sample label shape against the per-sample output shape, with Keras's
    /// leniency (`squeeze_or_expand_to_same_rank`): a trailing axis of 1 may be missing or extra.
    pub fn check(
        self,
        y_shape: &[usize],
        output_shape: &[usize],
        argument: &str,
    ) -> Result<(), Error> {
        let expected: Vec<usize> = match self {
            Targets::Dense => output_shape.to_vec(),
            Targets::ClassIndices => output_shape[..output_shape.len().saturating_sub(1)].to_vec(),
        };
        if same_up_to_trailing_one(y_shape, &expected) {
            return Ok(());
        }
        let what = match self {
            Targets::Dense => "the model's output shape",
            Targets::ClassIndices => {
                "one class index per output row (the output shape without its class axis)"
            }
        };
        Err(Error::shape(
            argument,
            format!("{what}, {} per sample", format_shape(&expected)),
            format_shape(y_shape),
        ))
    }
}

fn same_up_to_trailing_one(a: &[usize], b: &[usize]) -> bool {
    a == b
        || (a.len() == b.len() + 1 && a.last() == Some(&1) && &a[..b.len()] == b)
        || (b.len() == a.len() + 1 && b.last() == Some(&1) && &b[..a.len()] == a)
}

/// Reads a float label as a class index in `[0, classes)`; `position` is its index in `y`.
pub(crate) fn class_index(
    label: f32,
    classes: usize,
    position: usize,
    argument: &str,
) -> Result<usize, Error> {
    if label.is_finite() && label >= 0.0 && label.fract() == 0.0 && (label as usize) < classes {
        Ok(label as usize)
    } else {
        Err(Error::LabelOutOfRange {
            argument: argument.to_string(),
            index: position,
            classes,
            received: label,
        })
    }
}
