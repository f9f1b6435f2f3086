//! What several kinds' arguments share: Keras's defaults (as serde default functions) and the
//! checks and axis arithmetic on them.

use crate::error::{format_shape, Error};

pub(super) fn yes() -> bool {
    true
}

pub(super) fn last_axis() -> i64 {
    -1
}

pub(super) fn zeros() -> String {
    "zeros".to_string()
}

pub(super) fn ones() -> String {
    "ones".to_string()
}

/// Keras's default epsilon of both normalizations.
pub(super) fn norm_epsilon() -> f64 {
    1e-3
}

pub(super) fn positive(value: usize, argument: &str) -> Result<(), Error> {
    if value == 0 {
        Err(Error::invalid(argument, "a positive integer", 0))
    } else {
        Ok(())
    }
}

pub(super) fn check_epsilon(epsilon: f64, argument: &str) -> Result<(), Error> {
    if epsilon.is_finite() && epsilon > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(argument, "a positive float", epsilon))
    }
}

/// The size of the last axis (1 for a scalar sample).
pub(super) fn last(shape: &[usize]) -> usize {
    shape.last().copied().unwrap_or(1)
}

/// The values per sample before the last axis: rows of an op over the last axis.
pub(super) fn rows_before_last(shape: &[usize]) -> usize {
    shape[..shape.len().saturating_sub(1)].iter().product()
}

/// Keras counts axes with the batch axis as 0; a per-sample shape of rank r has axes 1..=r,
/// and negative axes count from the end.
pub(super) fn resolve_axis(axis: i64, shape: &[usize]) -> Option<usize> {
    let rank = shape.len() as i64 + 1;
    let resolved = if axis < 0 { axis + rank } else { axis };
    (1..rank).contains(&resolved).then_some(resolved as usize)
}

/// Normalization over other axes than the last one (channels-first images) is not built in;
/// `at` names the axis field.
pub(super) fn check_last_axis(
    axis: i64,
    shape: &[usize],
    layer: &str,
    at: &str,
) -> Result<(), Error> {
    match resolve_axis(axis, shape) {
        Some(resolved) if resolved == shape.len() => Ok(()),
        Some(_) => Err(Error::Unsupported {
            argument: at.to_string(),
            feature: "Normalization over another axis than the last one",
            received: format!(
                "{axis} (for '{layer}' on inputs of shape {})",
                format_shape(shape)
            ),
        }),
        None => Err(Error::invalid(
            at,
            format!(
                "an axis of the input of '{layer}' (shape {}, with the batch axis first)",
                format_shape(shape)
            ),
            axis,
        )),
    }
}
