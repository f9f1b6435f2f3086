//! A batch of samples as the boundary passes it: row-major values and the shape of one sample.

use crate::buffer;
use crate::error::{format_shape, Error};

/// `rows × sample_shape` values, row-major; `rows = data.len() / product(sample_shape)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    pub data: Vec<f32>,
    pub sample_shape: Vec<usize>,
}

impl Array {
    pub fn new(data: Vec<f32>, sample_shape: Vec<usize>) -> Array {
        Array { data, sample_shape }
    }

    /// Values per sample.
    pub fn sample_size(&self) -> usize {
        self.sample_shape.iter().product()
    }

    /// The number of samples, checking that the values cut into whole samples; `argument`
    /// names the array in errors. Samples may be scalars (`[]`), but no axis may be 0: rows
    /// could not be counted.
    pub fn rows(&self, argument: &str) -> Result<usize, Error> {
        if self.sample_shape.contains(&0) {
            return Err(Error::invalid(
                format!("{argument}.sample_shape"),
                "a shape of positive sizes",
                format_shape(&self.sample_shape),
            ));
        }
        let size = buffer::element_count(&self.sample_shape, argument)?;
        if !self.data.len().is_multiple_of(size) {
            return Err(Error::shape(
                argument,
                format!(
                    "a whole number of samples of shape {}",
                    format_shape(&self.sample_shape)
                ),
                format!("{} values", self.data.len()),
            ));
        }
        Ok(self.data.len() / size)
    }
}
