//! Training data held in WASM memory for a whole `fit`, so batches are gathered inside Rust
//! without crossing into JS.

use crate::buffer;
use crate::error::{format_shape, Error};
use crate::targets::class_index;

/// Samples `x` and labels `y`, row-major, one row per sample.
#[derive(Debug, Clone)]
pub struct Dataset {
    x: Vec<f32>,
    x_sample_shape: Vec<usize>,
    y: Vec<f32>,
    y_sample_shape: Vec<usize>,
    rows: usize,
    /// Scanned once here so a per-call label check is O(1) (see `check_class_indices`).
    labels: LabelSummary,
}

/// What the labels would mean as class indices.
#[derive(Debug, Clone, Copy)]
struct LabelSummary {
    /// The first label that is not a non-negative integer, with its position.
    first_non_index: Option<(usize, f32)>,
    /// The largest label and its position.
    largest: Option<(usize, f32)>,
}

impl Dataset {
    /// Wraps `x` (`rows × x_sample_shape`) and `y` (`rows × y_sample_shape`).
    pub fn new(
        x: Vec<f32>,
        x_sample_shape: Vec<usize>,
        y: Vec<f32>,
        y_sample_shape: Vec<usize>,
    ) -> Result<Dataset, Error> {
        let x_size = sample_size(&x_sample_shape, "x_sample_shape")?;
        let y_size = sample_size(&y_sample_shape, "y_sample_shape")?;
        if !x.len().is_multiple_of(x_size) {
            return Err(Error::shape(
                "x",
                format!(
                    "a whole number of samples of shape {}",
                    format_shape(&x_sample_shape)
                ),
                format!("{} values", x.len()),
            ));
        }
        let rows = x.len() / x_size;
        let expected_y = buffer::checked_mul(rows, y_size, "y")?;
        if y.len() != expected_y {
            return Err(Error::shape(
                "y",
                format!(
                    "{expected_y} values: {rows} samples (as in x) of shape {}",
                    format_shape(&y_sample_shape)
                ),
                format!("{} values", y.len()),
            ));
        }
        let labels = LabelSummary::of(&y);
        Ok(Dataset {
            x,
            x_sample_shape,
            y,
            y_sample_shape,
            rows,
            labels,
        })
    }

    /// The number of samples.
    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn x_sample_shape(&self) -> &[usize] {
        &self.x_sample_shape
    }

    pub fn y_sample_shape(&self) -> &[usize] {
        &self.y_sample_shape
    }

    pub(crate) fn x(&self) -> &[f32] {
        &self.x
    }

    pub(crate) fn y(&self) -> &[f32] {
        &self.y
    }

    /// Checks that every label is an integer class index in `[0, classes)`.
    pub(crate) fn check_class_indices(&self, classes: usize) -> Result<(), Error> {
        if let Some((position, label)) = self.labels.first_non_index.or(self.labels.largest) {
            class_index(label, classes, position, "y")?;
        }
        Ok(())
    }
}

impl LabelSummary {
    fn of(y: &[f32]) -> LabelSummary {
        let mut summary = LabelSummary {
            first_non_index: None,
            largest: None,
        };
        for (position, &label) in y.iter().enumerate() {
            let is_index = label.is_finite() && label >= 0.0 && label.fract() == 0.0;
            if !is_index && summary.first_non_index.is_none() {
                summary.first_non_index = Some((position, label));
            }
            if summary.largest.is_none_or(|(_, largest)| label > largest) {
                summary.largest = Some((position, label));
            }
        }
        summary
    }
}

/// Samples may be scalars (`[]`), but no axis may be 0: rows could not be counted.
fn sample_size(shape: &[usize], argument: &str) -> Result<usize, Error> {
    if shape.contains(&0) {
        return Err(Error::invalid(
            argument,
            "a shape of positive sizes",
            format_shape(shape),
        ));
    }
    buffer::element_count(shape, argument)
}
