//! Keras 3's `AUC` (`keras/src/metrics/confusion_metrics.py`): confusion counts at
//! `num_thresholds` evenly spaced thresholds `[−ε, 1/(n−1), …, (n−2)/(n−1), 1 + ε]`, gathered
//! with `metrics_utils._update_confusion_matrix_variables_optimized` (each prediction, clipped to
//! [0, 1], falls in bucket `max(⌈p·(n−1)⌉ − 1, 0)` and counts as positive at every threshold up
//! to its bucket), and the area as Keras's Riemann sum over the ROC or PR curve.

use crate::error::Error;

/// Keras's default `num_thresholds`.
pub const DEFAULT_NUM_THRESHOLDS: usize = 200;

/// The curve whose area is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    /// Recall against false-positive rate.
    Roc,
    /// Precision against recall.
    Pr,
}

/// How each rectangle's height is taken from the two ends of its interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summation {
    /// The mean of both ends for ROC; Davis & Goadrich's interpolation for PR.
    Interpolation,
    Minoring,
    Majoring,
}

/// Running confusion counts per threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Auc {
    curve: Curve,
    summation: Summation,
    from_logits: bool,
    true_positives: Vec<f64>,
    false_positives: Vec<f64>,
    true_negatives: Vec<f64>,
    false_negatives: Vec<f64>,
    /// Per-bucket counts of the batch being added (scratch, kept to avoid allocating).
    bucket_positives: Vec<f64>,
    bucket_negatives: Vec<f64>,
}

impl Auc {
    pub fn new(
        num_thresholds: usize,
        curve: Curve,
        summation: Summation,
        from_logits: bool,
        argument: &str,
    ) -> Result<Auc, Error> {
        if num_thresholds <= 1 {
            return Err(Error::invalid(
                format!("{argument}.num_thresholds"),
                "an integer > 1",
                num_thresholds,
            ));
        }
        let zeros = vec![0.0; num_thresholds];
        Ok(Auc {
            curve,
            summation,
            from_logits,
            true_positives: zeros.clone(),
            false_positives: zeros.clone(),
            true_negatives: zeros.clone(),
            false_negatives: zeros.clone(),
            bucket_positives: zeros.clone(),
            bucket_negatives: zeros,
        })
    }

    fn num_thresholds(&self) -> usize {
        self.true_positives.len()
    }

    /// Adds every (prediction, label) pair; a label counts as positive when it is not 0.
    pub fn update(&mut self, prediction: &[f32], labels: &[f32]) {
        let n = self.num_thresholds();
        self.bucket_positives.fill(0.0);
        self.bucket_negatives.fill(0.0);
        let (mut positives, mut negatives) = (0.0, 0.0);
        for (&p, &t) in prediction.iter().zip(labels) {
            let p = if self.from_logits { sigmoid(p) } else { p };
            let p = p.clamp(0.0, 1.0);
            // f32, as Keras computes it; `as usize` maps a NaN prediction to bucket 0.
            let bucket = ((p * (n as f32 - 1.0)).ceil() - 1.0).max(0.0) as usize;
            let bucket = bucket.min(n - 1);
            if t != 0.0 {
                self.bucket_positives[bucket] += 1.0;
                positives += 1.0;
            } else {
                self.bucket_negatives[bucket] += 1.0;
                negatives += 1.0;
            }
        }
        // Positive at threshold i ⇔ bucket ≥ i: reversed cumulative sums.
        let (mut tp, mut fp) = (0.0, 0.0);
        for i in (0..n).rev() {
            tp += self.bucket_positives[i];
            fp += self.bucket_negatives[i];
            self.true_positives[i] += tp;
            self.false_positives[i] += fp;
            self.false_negatives[i] += positives - tp;
            self.true_negatives[i] += negatives - fp;
        }
    }

    /// The area under the curve so far.
    pub fn result(&self) -> f64 {
        let n = self.num_thresholds();
        if self.curve == Curve::Pr && self.summation == Summation::Interpolation {
            return self.interpolated_pr_auc();
        }
        let ratio = |a: f64, b: f64| if a + b == 0.0 { 0.0 } else { a / (a + b) };
        let recall: Vec<f64> = (0..n)
            .map(|i| ratio(self.true_positives[i], self.false_negatives[i]))
            .collect();
        let (x, y): (Vec<f64>, Vec<f64>) = match self.curve {
            Curve::Roc => (
                (0..n)
                    .map(|i| ratio(self.false_positives[i], self.true_negatives[i]))
                    .collect(),
                recall,
            ),
            Curve::Pr => (
                recall,
                (0..n)
                    .map(|i| ratio(self.true_positives[i], self.false_positives[i]))
                    .collect(),
            ),
        };
        (0..n - 1)
            .map(|i| {
                let height = match self.summation {
                    Summation::Interpolation => (y[i] + y[i + 1]) / 2.0,
                    Summation::Minoring => y[i].min(y[i + 1]),
                    Summation::Majoring => y[i].max(y[i + 1]),
                };
                (x[i] - x[i + 1]) * height
            })
            .sum()
    }

    /// Keras's `interpolate_pr_auc`: precision interpolated along the predicted positives
    /// `P = tp + fp` within each interval (Davis & Goadrich 2006).
    fn interpolated_pr_auc(&self) -> f64 {
        let divide_no_nan = |a: f64, b: f64| if b == 0.0 { 0.0 } else { a / b };
        let tp = &self.true_positives;
        let p: Vec<f64> = tp
            .iter()
            .zip(&self.false_positives)
            .map(|(tp, fp)| tp + fp)
            .collect();
        (0..self.num_thresholds() - 1)
            .map(|i| {
                let dtp = tp[i] - tp[i + 1];
                let dp = p[i] - p[i + 1];
                let slope = divide_no_nan(dtp, dp.max(0.0));
                let intercept = tp[i + 1] - slope * p[i + 1];
                let p_ratio = if p[i] > 0.0 && p[i + 1] > 0.0 {
                    divide_no_nan(p[i], p[i + 1].max(0.0))
                } else {
                    1.0
                };
                divide_no_nan(
                    slope * (dtp + intercept * p_ratio.ln()),
                    (tp[i + 1] + self.false_negatives[i + 1]).max(0.0),
                )
            })
            .sum()
    }

    pub fn reset(&mut self) {
        for counts in [
            &mut self.true_positives,
            &mut self.false_positives,
            &mut self.true_negatives,
            &mut self.false_negatives,
        ] {
            counts.fill(0.0);
        }
    }
}

fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}
