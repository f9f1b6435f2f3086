//! Training data held in WASM memory for a whole `fit`, so batches are gathered inside Rust
//! without crossing into JS: one array per model input, one per model output (none for
//! predict-only data), and optional per-sample loss weights. Building one scans every value
//! once for NaN and ±Infinity (the copy into WASM memory has just read them anyway).

use crate::array::Array;
use crate::error::Error;
use crate::kernels::sparse::{first_non_finite_dense_index, CsrMatrix, CsrView};
use crate::targets::class_index;

/// Below this share of non-zeros a dense 2-D input is stored as CSR, so a Dense layer reading
/// it runs on the non-zeros (`nnz · units` instead of `rows · cols · units` multiply-adds; the
/// gather-axpy loop costs a few times a GEMM's per multiply-add, so it wins well below 1/4).
pub const SPARSE_DENSITY: f64 = 0.05;

/// One model input's samples: dense values, or the non-zeros of a `rows × cols` matrix.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Dense(Array),
    Sparse(CsrMatrix),
}

/// What the model reads an input's samples from (a dataset's `Input`, or a plain `Array`).
pub trait Samples {
    /// The shape of one sample.
    fn sample_shape(&self) -> &[usize];
    /// The number of samples, checked as `Array::rows` does; `argument` names it in errors.
    fn rows(&self, argument: &str) -> Result<usize, Error>;
    /// The values, dense or CSR.
    fn source(&self) -> Source<'_>;
}

/// Borrowed samples: dense row-major values, or CSR.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Dense(&'a [f32]),
    Sparse(CsrView<'a>),
}

impl Samples for Array {
    fn sample_shape(&self) -> &[usize] {
        &self.sample_shape
    }

    fn rows(&self, argument: &str) -> Result<usize, Error> {
        Array::rows(self, argument)
    }

    fn source(&self) -> Source<'_> {
        Source::Dense(&self.data)
    }
}

impl Samples for Input {
    fn sample_shape(&self) -> &[usize] {
        match self {
            Input::Dense(array) => &array.sample_shape,
            Input::Sparse(csr) => std::slice::from_ref(&csr.cols),
        }
    }

    fn rows(&self, argument: &str) -> Result<usize, Error> {
        match self {
            Input::Dense(array) => array.rows(argument),
            Input::Sparse(csr) => Ok(csr.indptr.len().saturating_sub(1)),
        }
    }

    fn source(&self) -> Source<'_> {
        match self {
            Input::Dense(array) => Source::Dense(&array.data),
            Input::Sparse(csr) => Source::Sparse(csr.view()),
        }
    }
}

/// A model input whose values are known to be finite, stored as CSR when it is mostly zeros.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedInput(pub(crate) Input);

impl CheckedInput {
    /// Checks every value is finite (naming it by `origin`) and stores a dense input of flat
    /// samples with fewer than `SPARSE_DENSITY` non-zeros as CSR.
    pub fn check(input: Input, origin: &Origin) -> Result<CheckedInput, Error> {
        let found = match &input {
            Input::Dense(array) => first_non_finite(&array.data).map(|i| (i, array.data[i])),
            Input::Sparse(csr) => first_non_finite_dense_index(csr.view()),
        };
        if let Some((index, received)) = found {
            return Err(Error::NonFinite {
                argument: origin.argument.clone(),
                index: origin.first_index + index,
                received,
            });
        }
        let Input::Dense(array) = input else {
            return Ok(CheckedInput(input));
        };
        let [cols] = array.sample_shape[..] else {
            return Ok(CheckedInput(Input::Dense(array)));
        };
        let nnz = array.data.iter().filter(|&&v| v != 0.0).count();
        // Values that do not cut into whole samples stay as they are for the rows check.
        if !is_sparse(nnz, array.data.len()) || cols == 0 || !array.data.len().is_multiple_of(cols)
        {
            return Ok(CheckedInput(Input::Dense(array)));
        }
        CsrMatrix::from_dense(&array.data, cols, &origin.argument)
            .map(|csr| CheckedInput(Input::Sparse(csr)))
    }

    /// The input.
    pub fn input(&self) -> &Input {
        &self.0
    }
}

/// Whether `nnz` non-zeros among `values` values are few enough for CSR.
pub(crate) fn is_sparse(nnz: usize, values: usize) -> bool {
    (nnz as f64) < SPARSE_DENSITY * values as f64
}

/// Inputs (model-input order), targets (model-output order) and sample weights, one row per
/// sample in every array.
#[derive(Debug, Clone)]
pub struct Dataset {
    inputs: Vec<Input>,
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
        Dataset::from_inputs(
            inputs.into_iter().map(Input::Dense).collect(),
            input_origins,
            targets,
            target_origins,
            sample_weight,
        )
    }

    /// As `with_origins`, with inputs that may be CSR already (a sparse input's origin is its
    /// dense flat index). A dense input of flat samples below `SPARSE_DENSITY` is stored as CSR.
    pub fn from_inputs(
        inputs: Vec<Input>,
        input_origins: &[Origin],
        targets: Vec<Array>,
        target_origins: &[Origin],
        sample_weight: Option<Vec<f32>>,
    ) -> Result<Dataset, Error> {
        let inputs = inputs
            .into_iter()
            .enumerate()
            .map(|(i, input)| {
                let origin = input_origins.get(i).cloned().unwrap_or_else(|| Origin {
                    argument: format!("inputs[{i}]"),
                    first_index: 0,
                });
                CheckedInput::check(input, &origin)
            })
            .collect::<Result<_, _>>()?;
        Dataset::from_checked_inputs(inputs, targets, target_origins, sample_weight)
    }

    /// As `from_inputs`, with inputs checked already (one at a time, or streamed in chunks by
    /// `StreamedInput`).
    pub fn from_checked_inputs(
        inputs: Vec<CheckedInput>,
        targets: Vec<Array>,
        target_origins: &[Origin],
        sample_weight: Option<Vec<f32>>,
    ) -> Result<Dataset, Error> {
        let inputs: Vec<Input> = inputs.into_iter().map(|checked| checked.0).collect();
        for (i, array) in targets.iter().enumerate() {
            if let Some(index) = first_non_finite(&array.data) {
                let (argument, first_index) = match target_origins.get(i) {
                    Some(o) => (o.argument.clone(), o.first_index),
                    None => (format!("targets[{i}]"), 0),
                };
                return Err(Error::NonFinite {
                    argument,
                    index: first_index + index,
                    received: array.data[index],
                });
            }
        }
        let Some(first) = inputs.first() else {
            return Err(Error::invalid("inputs", "at least one input array", "[]"));
        };
        let rows = first.rows("inputs[0]")?;
        let named = inputs
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("inputs[{i}]"), a as &dyn Samples))
            .chain(
                targets
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (format!("targets[{i}]"), a as &dyn Samples)),
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
    pub fn inputs(&self) -> &[Input] {
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
