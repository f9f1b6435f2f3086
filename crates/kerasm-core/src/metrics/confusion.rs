//! Keras 3's `Precision` and `Recall` (`keras/src/metrics/confusion_metrics.py`, counted as
//! `metrics_utils.update_confusion_matrix_variables` does for one threshold): every output value
//! is one binary decision, positive when `p > threshold`, against a label that is positive when
//! it is not 0. The counts run on until `reset`.

/// Keras's default threshold for precision and recall.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Which ratio of the counts is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfusionRatio {
    /// `tp / (tp + fp)`.
    Precision,
    /// `tp / (tp + fn)`.
    Recall,
}

/// Running true-positive, false-positive and false-negative counts at one threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfusionCounts {
    pub ratio: ConfusionRatio,
    pub threshold: f32,
    true_positives: f64,
    false_positives: f64,
    false_negatives: f64,
}

impl ConfusionCounts {
    pub fn new(ratio: ConfusionRatio, threshold: f64) -> ConfusionCounts {
        ConfusionCounts {
            ratio,
            threshold: threshold as f32,
            true_positives: 0.0,
            false_positives: 0.0,
            false_negatives: 0.0,
        }
    }

    /// Counts every (prediction, label) pair.
    pub fn update(&mut self, prediction: &[f32], labels: &[f32]) {
        for (&p, &t) in prediction.iter().zip(labels) {
            match (p > self.threshold, t != 0.0) {
                (true, true) => self.true_positives += 1.0,
                (true, false) => self.false_positives += 1.0,
                (false, true) => self.false_negatives += 1.0,
                (false, false) => {}
            }
        }
    }

    /// The ratio, 0 when its denominator is 0 (Keras's `divide_no_nan`).
    pub fn result(&self) -> f64 {
        let other = match self.ratio {
            ConfusionRatio::Precision => self.false_positives,
            ConfusionRatio::Recall => self.false_negatives,
        };
        let denominator = self.true_positives + other;
        if denominator == 0.0 {
            0.0
        } else {
            self.true_positives / denominator
        }
    }

    pub fn reset(&mut self) {
        *self = ConfusionCounts::new(self.ratio, self.threshold as f64);
    }
}
