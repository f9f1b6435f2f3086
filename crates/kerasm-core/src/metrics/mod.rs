//! Stateful metric trackers.
mod mean_tracker;
mod metric;

pub use mean_tracker::MeanTracker;
pub use metric::{Metric, MetricChoice, BINARY_THRESHOLD};
