//! Keras's `Mean` metric state: a running weighted mean.

/// A weighted running mean; `result()` is 0 before any update, as Keras's `divide_no_nan`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MeanTracker {
    total: f64,
    count: f64,
}

impl MeanTracker {
    /// Adds `sum` (the sum of `count` values, or a value times its weight `count`).
    pub fn add(&mut self, sum: f64, count: f64) {
        self.total += sum;
        self.count += count;
    }

    pub fn result(&self) -> f64 {
        if self.count == 0.0 {
            0.0
        } else {
            self.total / self.count
        }
    }

    pub fn reset(&mut self) {
        *self = MeanTracker::default();
    }
}
