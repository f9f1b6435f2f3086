//! A named weight as the JS layer sees it.

/// A copy of one weight: Keras-style name (`dense/kernel`, `bn/moving_mean`), shape, whether
/// the optimizer trains it, and row-major values.
#[derive(Debug, Clone, PartialEq)]
pub struct Weight {
    pub name: String,
    pub shape: Vec<usize>,
    pub trainable: bool,
    pub data: Vec<f32>,
}
