//! Metrics and their stateful trackers: means of per-row values, precision and recall counts,
//! AUC, and custom Expressions.
mod auc;
mod confusion;
mod mean_tracker;
mod metric;
mod tracked_metric;

pub use auc::{Auc, Curve, Summation, DEFAULT_NUM_THRESHOLDS};
pub use confusion::{ConfusionCounts, ConfusionRatio, DEFAULT_THRESHOLD};
pub use mean_tracker::MeanTracker;
pub use metric::{Metric, MetricChoice, BINARY_THRESHOLD, DEFAULT_TOP_K};
pub use tracked_metric::{TrackedMetric, METRIC_NAMES};
