//! Training data held in WASM memory for a whole `fit`, so batches are gathered inside Rust
//! without crossing into JS: one array per model input, one per model output (none for
//! predict-only data), and optional per-sample loss weights. Building one scans every value
//! once for NaN and ±Infinity (the copy into WASM memory has just read them anyway).

use crate::array::Array;
use crate::error::Error;
use crate::targets::class_index;

/// Inputs (model-input order), targets (model-output order) and sample weights, one row per
/// sample in every array.
#[derive(Debug, Clone)]
pub struct Dataset {
    inputs: Vec<Array>,
    targets: Vec<Array>,
    sample_weight: Option<Vec<f32>>,
    rows: usize,
    /// Scanned once here so a per-call label check is O(1) (see `check_class_indices`).
    labels: Vec<LabelSummary>,
}

/// What a target's labels would mean as class indices.
#[derive(Debug, Clone, Copy)]
struct LabelSummary {
    /// The first label that is not a non-negative integer, with its position.
    first_non_index: Option<(usize, f32)>,
    /// The largest label and its position.
    largest: Option<(usize, f32)>,
}

/// Where an array came from, for errors: the user's argument name (`x`, `y['out']`) and the
/// flat index of its first value there (non-zero for a part cut from a larger array).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub argument: String,
    pub first_index: usize,
}

impl Dataset {
    /// Checks that every array cuts into whole samples and that all have as many samples as
    /// `inputs[0]`, as `sample_weight` has values, and that every value is finite; errors name
    /// the arrays `inputs[i]` and `targets[i]`.
    pub fn new(
        inputs: Vec<Array>,
        targets: Vec<Array>,
        sample_weight: Option<Vec<f32>>,
    ) -> Result<Dataset, Error> {
        let origins = |prefix: &str, count: usize| -> Vec<Origin> {
            (0..count)
                .map(|i| Origin {
                    argument: format!("{prefix}[{i}]"),
                    first_index: 0,
                })
                .collect()
        };
        let (input_origins, target_origins) = (
            origins("inputs", inputs.len()),
            origins("targets", targets.len()),
        );
        Dataset::with_origins(
            inputs,
            &input_origins,
            targets,
            &target_origins,
            sample_weight,
        )
    }

    /// As `new`, with a non-finite value reported at its place in the user's array: each
    /// array's `Origin` (missing ones default to `inputs[i]` / `targets[i]`).
    pub fn with_origins(
        inputs: Vec<Array>,
        input_origins: &[Origin],
        targets: Vec<Array>,
        target_origins: &[Origin],
        sample_weight: Option<Vec<f32>>,
    ) -> Result<Dataset, Error> {
        for (arrays, origins, prefix) in [
            (&inputs, input_origins, "inputs"),
            (&targets, target_origins, "targets"),
        ] {
            for (i, array) in arrays.iter().enumerate() {
                if let Some(index) = first_non_finite(&array.data) {
                    let (argument, first_index) = match origins.get(i) {
                        Some(o) => (o.argument.clone(), o.first_index),
                        None => (format!("{prefix}[{i}]"), 0),
                    };
                    return Err(Error::NonFinite {
                        argument,
                        index: first_index + index,
                        received: array.data[index],
                    });
                }
            }
        }
        let Some(first) = inputs.first() else {
            return Err(Error::invalid("inputs", "at least one input array", "[]"));
        };
        let rows = first.rows("inputs[0]")?;
        let named = inputs
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("inputs[{i}]"), a))
            .chain(
                targets
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (format!("targets[{i}]"), a)),
            );
        for (argument, array) in named {
            let array_rows = array.rows(&argument)?;
            if array_rows != rows {
                return Err(Error::shape(
                    argument,
                    format!("{rows} samples, as in inputs[0]"),
                    format!("{array_rows} samples"),
                ));
            }
        }
        if let Some(weights) = &sample_weight {
            if weights.len() != rows {
                return Err(Error::shape(
                    "sample_weight",
                    format!("one weight per sample: {rows} values, as inputs[0] has samples"),
                    format!("{} values", weights.len()),
                ));
            }
            if let Some((i, w)) = weights.iter().enumerate().find(|(_, w)| !w.is_finite()) {
                return Err(Error::invalid(
                    format!("sample_weight[{i}]"),
                    "finite sample weights",
                    w,
                ));
            }
        }
        let labels = targets.iter().map(|t| LabelSummary::of(&t.data)).collect();
        Ok(Dataset {
            inputs,
            targets,
            sample_weight,
            rows,
            labels,
        })
    }

    /// The number of samples.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// One array per model input.
    pub fn inputs(&self) -> &[Array] {
        &self.inputs
    }

    /// One array per model output (empty for predict-only data).
    pub fn targets(&self) -> &[Array] {
        &self.targets
    }

    /// One loss weight per sample, when given.
    pub fn sample_weight(&self) -> Option<&[f32]> {
        self.sample_weight.as_deref()
    }

    /// Checks that every label of `targets[target]` is an integer class index in
    /// `[0, classes)`.
    pub(crate) fn check_class_indices(&self, target: usize, classes: usize) -> Result<(), Error> {
        let Some(labels) = self.labels.get(target) else {
            return Err(Error::invalid(
                "targets",
                format!("an array for output {target}"),
                format!("{} target arrays", self.targets.len()),
            ));
        };
        if let Some((position, label)) = labels.first_non_index.or(labels.largest) {
            class_index(label, classes, position, &format!("targets[{target}]"))?;
        }
        Ok(())
    }
}

/// The index of the first NaN or ±Infinity in `data`.
pub fn first_non_finite(data: &[f32]) -> Option<usize> {
    // `x · 0` is ±0 for a finite x and NaN otherwise, and NaN survives any sum: a block adds
    // them into 8 independent lanes (which LLVM turns into SIMD adds, no branch per value) and
    // only a block whose sum is not 0 is searched value by value.
    const LANES: usize = 8;
    const BLOCK: usize = 1024;
    for (b, block) in data.chunks(BLOCK).enumerate() {
        let mut lanes = [0.0f32; LANES];
        let mut groups = block.chunks_exact(LANES);
        for group in &mut groups {
            for (lane, &x) in lanes.iter_mut().zip(group) {
                *lane += x * 0.0;
            }
        }
        let tail: f32 = groups.remainder().iter().map(|&x| x * 0.0).sum();
        if lanes.iter().sum::<f32>() + tail != 0.0 {
            return block
                .iter()
                .position(|x| !x.is_finite())
                .map(|p| b * BLOCK + p);
        }
    }
    None
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
