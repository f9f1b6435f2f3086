//! The CSR kernels against the dense GEMM they replace: `X·W`, `Xᵀ·dY` (overwrite, accumulate,
//! scale) and densification agree to float rounding on random multi-hot and weighted matrices,
//! with empty rows, repeated columns and malformed structures rejected with errors. Then the
//! engine's sparse first layer: a model trained and evaluated on CSR input matches the same
//! model on dense input, its weight gradient matches finite differences, and a mostly-zero
//! dense input is stored as CSR.
mod common;

use common::{check_model_gradient, compile_spec, dense_spec};
use kerasm_core::dataset::{Input, SPARSE_DENSITY};
use kerasm_core::kernels::gemm::{gemm, Gemm, MatrixRef};
use kerasm_core::kernels::sparse::CsrMatrix;
use kerasm_core::kernels::sparse::{
    csr_matmul, csr_to_dense, csr_transpose_matmul, first_non_finite_dense_index, CsrView,
};
use kerasm_core::{parallel, Array, Dataset, Model};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use serde_json::json;

struct Csr {
    indptr: Vec<u32>,
    indices: Vec<u32>,
    values: Vec<f32>,
    cols: usize,
}

impl Csr {
    fn view(&self) -> CsrView<'_> {
        CsrView::new(&self.indptr, &self.indices, &self.values, self.cols, "x").unwrap()
    }
}

/// `rows × cols` with about `density` of the entries set, some rows empty, values in [-1, 1].
fn random_csr(rng: &mut Pcg64, rows: usize, cols: usize, density: f64) -> Csr {
    let mut csr = Csr {
        indptr: vec![0],
        indices: vec![],
        values: vec![],
        cols,
    };
    for r in 0..rows {
        if r % 5 != 3 {
            for c in 0..cols {
                if rng.random::<f64>() < density {
                    csr.indices.push(c as u32);
                    csr.values.push(rng.random_range(-1.0..1.0));
                }
            }
        }
        csr.indptr.push(csr.indices.len() as u32);
    }
    csr
}

fn random_dense(rng: &mut Pcg64, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.random_range(-1.0..1.0)).collect()
}

fn assert_close(got: &[f32], want: &[f32]) {
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-5 * (1.0 + w.abs()),
            "at {i}: {g} vs {w}"
        );
    }
}

#[test]
fn forward_matches_the_dense_product() {
    let mut rng = Pcg64::seed_from_u64(1);
    for (rows, cols, units, density) in [
        (1, 1, 1, 1.0),
        (7, 50, 16, 0.05),
        (33, 300, 5, 0.3),
        (70, 90, 24, 0.1),
    ] {
        let x = random_csr(&mut rng, rows, cols, density);
        let dense = csr_to_dense(x.view()).unwrap();
        let w = random_dense(&mut rng, cols * units);
        let mut want = vec![0.0; rows * units];
        gemm(Gemm {
            m: rows,
            n: units,
            k: cols,
            alpha: 1.0,
            a: MatrixRef::new(&dense, cols),
            b: MatrixRef::new(&w, units),
            beta: 0.0,
            c: &mut want,
            ldc: units,
        });
        let mut got = vec![f32::NAN; rows * units];
        csr_matmul(x.view(), &w, units, &mut got);
        assert_close(&got, &want);
    }
}

#[test]
fn weight_gradient_matches_the_dense_product() {
    let mut rng = Pcg64::seed_from_u64(2);
    for (rows, cols, units) in [(9, 40, 3), (64, 200, 16), (40, 2500, 8), (30, 2100, 45)] {
        let x = random_csr(&mut rng, rows, cols, 0.1);
        let dense = csr_to_dense(x.view()).unwrap();
        let dy = random_dense(&mut rng, rows * units);
        let start = random_dense(&mut rng, cols * units);
        for beta in [0.0, 1.0, 0.5] {
            let mut want = start.clone();
            gemm(Gemm {
                m: cols,
                n: units,
                k: rows,
                alpha: 1.0,
                a: MatrixRef::transposed(&dense, cols),
                b: MatrixRef::new(&dy, units),
                beta,
                c: &mut want,
                ldc: units,
            });
            let mut got = start.clone();
            csr_transpose_matmul(x.view(), &dy, units, beta, &mut got);
            assert_close(&got, &want);
        }
    }
}

#[test]
fn products_are_bitwise_identical_on_every_thread_count() {
    let mut rng = Pcg64::seed_from_u64(3);
    // 12 units scatter X's rows into dW; 48 sort the non-zeros by column first.
    for units in [12, 48] {
        let (rows, cols) = (100, 3000);
        let x = random_csr(&mut rng, rows, cols, 0.02);
        let w = random_dense(&mut rng, cols * units);
        let dy = random_dense(&mut rng, rows * units);
        let run = || {
            let mut out = vec![0.0; rows * units];
            csr_matmul(x.view(), &w, units, &mut out);
            let mut dw = w.clone();
            csr_transpose_matmul(x.view(), &dy, units, 1.0, &mut dw);
            (out, dw)
        };
        parallel::set_pool(None);
        let serial = run();
        for threads in [2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
            parallel::set_pool(Some(pool.unwrap()));
            let threaded = run();
            parallel::set_pool(None);
            assert!(
                serial == threaded,
                "{units} units: {threads} threads differ"
            );
        }
    }
}

#[test]
fn densifying_adds_repeats_and_leaves_empty_rows_zero() {
    let (indptr, indices, values) = (vec![0, 3, 3, 4], vec![2, 0, 2], vec![1.0, 2.0, 0.5]);
    // Row 0 repeats column 2; row 1 is empty.
    let indptr_ok = vec![0, 3, 3, 3];
    let x = CsrView::new(&indptr_ok, &indices, &values, 3, "x").unwrap();
    assert_eq!(
        csr_to_dense(x).unwrap(),
        vec![2.0, 0.0, 1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    );
    let bad = CsrView::new(&indptr, &indices, &values, 3, "x").unwrap_err();
    assert_eq!(bad.code(), "SHAPE_MISMATCH");
}

#[test]
fn malformed_structures_are_errors() {
    let values = [1.0, 1.0];
    let cases: [(&[u32], &[u32], &str); 4] = [
        (&[1, 2], &[0, 1], "x.indptr"),
        (&[0, 2, 1], &[0, 1], "x.indptr[2]"),
        (&[0, 1], &[0, 1], "x.indptr"),
        (&[0, 2], &[0, 3], "x.indices[1]"),
    ];
    for (indptr, indices, argument) in cases {
        let err = CsrView::new(indptr, indices, &values, 3, "x").unwrap_err();
        assert_eq!(err.argument(), Some(argument), "{err}");
    }
    let err = CsrView::new(&[0, 2], &[0, 1], &[1.0], 3, "x").unwrap_err();
    assert_eq!(err.argument(), Some("x.values"));
}

#[test]
fn a_non_finite_value_is_located_in_the_dense_matrix() {
    // Rows 1 and 2 are empty: the value at non-zero 1 is in row 3, column 4.
    let (indptr, indices) = ([0u32, 1, 1, 1, 3], [2u32, 4, 0]);
    let values = [1.0, f32::NAN, 2.0];
    let x = CsrView::new(&indptr, &indices, &values, 5, "x").unwrap();
    let (index, value) = first_non_finite_dense_index(x).unwrap();
    assert_eq!(index, 3 * 5 + 4);
    assert!(value.is_nan());
    let finite = [1.0, 2.0, 3.0];
    let x = CsrView::new(&indptr, &indices, &finite, 5, "x").unwrap();
    assert_eq!(first_non_finite_dense_index(x), None);
}

/// A `rows × cols` multi-hot CSR input of about `density` (some rows empty, some values 2.0 as
/// counts), its dense copy, and binary targets.
fn multi_hot(rows: usize, cols: usize, density: f64, seed: u64) -> (Csr, Vec<f32>, Vec<f32>) {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut csr = random_csr(&mut rng, rows, cols, density);
    csr.values
        .iter_mut()
        .for_each(|v| *v = if *v > 0.5 { 2.0 } else { 1.0 });
    let dense = csr_to_dense(csr.view()).unwrap();
    let targets = (0..rows).map(|r| (r % 3 == 0) as u8 as f32).collect();
    (csr, dense, targets)
}

fn sparse_dataset(csr: &Csr, targets: &[f32]) -> Dataset {
    let matrix = CsrMatrix::new(
        csr.indptr.clone(),
        csr.indices.clone(),
        csr.values.clone(),
        csr.cols,
        "x",
    )
    .unwrap();
    let targets = vec![Array::new(targets.to_vec(), vec![1])];
    Dataset::from_inputs(vec![Input::Sparse(matrix)], &[], targets, &[], None).unwrap()
}

fn dense_dataset(x: &[f32], cols: usize, targets: &[f32]) -> Dataset {
    let inputs = vec![Array::new(x.to_vec(), vec![cols])];
    Dataset::new(inputs, vec![Array::new(targets.to_vec(), vec![1])], None).unwrap()
}

fn two_layer_model(cols: usize) -> Model {
    let mut model = Model::new(&dense_spec(7, &[cols], &[(8, "relu"), (1, "sigmoid")])).unwrap();
    let optimizer = json!({ "name": "rmsprop", "learning_rate": 0.01 });
    model
        .compile(&compile_spec(
            "binary_crossentropy",
            optimizer,
            &["accuracy"],
        ))
        .unwrap();
    model
}

fn assert_relative(got: &[f32], want: &[f32], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-5 * w.abs().max(1.0),
            "{what}[{i}]: sparse {g}, dense {w}"
        );
    }
}

#[test]
fn sparse_training_matches_dense_training() {
    // 30 % dense: above SPARSE_DENSITY, so the dense dataset stays dense and runs the GEMMs.
    let (cols, rows) = (40, 50);
    let (csr, x, y) = multi_hot(rows, cols, 0.3, 11);
    let sparse = sparse_dataset(&csr, &y);
    let dense = dense_dataset(&x, cols, &y);
    assert!(matches!(dense.inputs()[0], Input::Dense(_)));
    let (mut on_sparse, mut on_dense) = (two_layer_model(cols), two_layer_model(cols));
    let order: Vec<u32> = (0..rows as u32).rev().collect();
    for epoch in 0..4 {
        on_sparse.train_batches(&sparse, &order, 16).unwrap();
        on_dense.train_batches(&dense, &order, 16).unwrap();
        let (a, b) = (on_sparse.metric_results(), on_dense.metric_results());
        assert!(
            (a[0] - b[0]).abs() <= 1e-5 * b[0].abs().max(1.0),
            "epoch {epoch} loss"
        );
        for (ws, wd) in on_sparse.weights().iter().zip(on_dense.weights()) {
            assert_relative(&ws.data, &wd.data, &format!("epoch {epoch} {}", ws.name));
        }
    }
    // The first layer's kernel moved where the non-zeros are, so the check is not vacuous.
    let start = two_layer_model(cols).weights()[0].data.clone();
    assert_ne!(on_sparse.weights()[0].data, start);
    on_sparse.test_batches(&sparse, 7).unwrap();
    on_dense.test_batches(&dense, 7).unwrap();
    let predicted = on_sparse.predict(sparse.inputs(), 9).unwrap();
    let expected = on_dense.predict(dense.inputs(), 9).unwrap();
    assert_relative(&predicted[0].data, &expected[0].data, "predictions");
}

#[test]
fn sparse_first_layer_weight_gradient_matches_finite_differences() {
    let (cols, rows) = (12, 9);
    let (csr, _, y) = multi_hot(rows, cols, 0.25, 5);
    let data = sparse_dataset(&csr, &y);
    let mut model = Model::new(&dense_spec(3, &[cols], &[(4, "tanh"), (1, "sigmoid")])).unwrap();
    check_model_gradient(
        &mut model,
        &data,
        json!("binary_crossentropy"),
        "sparse input",
    );
}

#[test]
fn a_mostly_zero_dense_input_is_stored_as_csr_and_trains_alike() {
    let (cols, rows) = (200, 30);
    let (csr, x, y) = multi_hot(rows, cols, 0.02, 9);
    let nnz = x.iter().filter(|&&v| v != 0.0).count() as f64;
    assert!(nnz > 0.0 && nnz < SPARSE_DENSITY * x.len() as f64);
    let detected = dense_dataset(&x, cols, &y);
    let Input::Sparse(stored) = &detected.inputs()[0] else {
        panic!("a {nnz}-non-zero input of {} values stayed dense", x.len());
    };
    assert_eq!(csr_to_dense(stored.view()).unwrap(), x);
    let given = sparse_dataset(&csr, &y);
    let (mut a, mut b) = (two_layer_model(cols), two_layer_model(cols));
    let order: Vec<u32> = (0..rows as u32).collect();
    a.train_batches(&detected, &order, 8).unwrap();
    b.train_batches(&given, &order, 8).unwrap();
    for (wa, wb) in a.weights().iter().zip(b.weights()) {
        assert_relative(&wa.data, &wb.data, &wa.name);
    }
}
