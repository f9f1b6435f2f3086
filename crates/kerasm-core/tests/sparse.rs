//! The CSR kernels against the dense GEMM they replace: `X·W`, `Xᵀ·dY` (overwrite, accumulate,
//! scale) and densification agree to float rounding on random multi-hot and weighted matrices,
//! with empty rows, repeated columns and malformed structures rejected with errors.
use kerasm_core::kernels::gemm::gemm;
use kerasm_core::kernels::sparse::{
    csr_matmul, csr_to_dense, csr_transpose_matmul, first_non_finite_dense_index, CsrView,
};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

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
    for (rows, cols, units, density) in [(1, 1, 1, 1.0), (7, 50, 16, 0.05), (33, 300, 5, 0.3)] {
        let x = random_csr(&mut rng, rows, cols, density);
        let dense = csr_to_dense(x.view()).unwrap();
        let w = random_dense(&mut rng, cols * units);
        let mut want = vec![0.0; rows * units];
        gemm(
            false, false, rows, units, cols, 1.0, &dense, cols, &w, units, 0.0, &mut want, units,
        );
        let mut got = vec![f32::NAN; rows * units];
        csr_matmul(x.view(), &w, units, &mut got);
        assert_close(&got, &want);
    }
}

#[test]
fn weight_gradient_matches_the_dense_product() {
    let mut rng = Pcg64::seed_from_u64(2);
    for (rows, cols, units) in [(9, 40, 3), (64, 200, 16)] {
        let x = random_csr(&mut rng, rows, cols, 0.1);
        let dense = csr_to_dense(x.view()).unwrap();
        let dy = random_dense(&mut rng, rows * units);
        let start = random_dense(&mut rng, cols * units);
        for beta in [0.0, 1.0, 0.5] {
            let mut want = start.clone();
            gemm(
                true, false, cols, units, rows, 1.0, &dense, cols, &dy, units, beta, &mut want,
                units,
            );
            let mut got = start.clone();
            csr_transpose_matmul(x.view(), &dy, units, beta, &mut got);
            assert_close(&got, &want);
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
