//! The fast `gemm` against the scalar `gemm_reference`, its determinism across thread counts, and
//! the element-wise helpers against plain loops.

use kerasm_core::kernels::elementwise::{add_row_bias, axpy, scale, sum_rows_into};
use kerasm_core::kernels::gemm::{gemm, gemm_reference, Gemm, MatrixRef};
use kerasm_core::parallel;
use std::sync::{Mutex, MutexGuard};

/// The pool slot is process-global: every test that runs gemm on a pool holds this lock, so no
/// other test swaps the pool under it.
static POOL_SLOT: Mutex<()> = Mutex::new(());

fn lock_pool_slot() -> MutexGuard<'static, ()> {
    POOL_SLOT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn install_pool(threads: Option<usize>) {
    let pool = threads.map(|n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    });
    parallel::set_pool(pool);
}

/// Deterministic values in [-1, 1) that differ in their low bits, so a reordered sum shows.
fn values(len: usize, seed: u64) -> Vec<f32> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        })
        .collect()
}

struct Case {
    trans_a: bool,
    trans_b: bool,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    beta: f32,
    /// Extra elements at the end of every stored row of A, B and C.
    pad: usize,
}

impl Case {
    fn new(m: usize, n: usize, k: usize) -> Case {
        Case {
            trans_a: false,
            trans_b: false,
            m,
            n,
            k,
            alpha: 1.0,
            beta: 0.0,
            pad: 0,
        }
    }

    fn strides(&self) -> (usize, usize, usize) {
        let a_cols = if self.trans_a { self.m } else { self.k };
        let b_cols = if self.trans_b { self.k } else { self.n };
        (a_cols + self.pad, b_cols + self.pad, self.n + self.pad)
    }

    fn operands(&self) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
        let (lda, ldb, ldc) = self.strides();
        let a_rows = if self.trans_a { self.k } else { self.m };
        let b_rows = if self.trans_b { self.n } else { self.k };
        let mut c = values(self.m * ldc, 3);
        if self.beta == 0.0 {
            c.fill(f32::NAN);
        }
        (values(a_rows * lda, 1), values(b_rows * ldb, 2), c)
    }

    fn run(&self, kernel: GemmFn, a: &[f32], b: &[f32], c: &mut [f32]) {
        let (lda, ldb, ldc) = self.strides();
        let Case {
            trans_a,
            trans_b,
            m,
            n,
            k,
            alpha,
            beta,
            ..
        } = *self;
        kernel(Gemm {
            m,
            n,
            k,
            alpha,
            a: MatrixRef {
                data: a,
                stride: lda,
                transposed: trans_a,
            },
            b: MatrixRef {
                data: b,
                stride: ldb,
                transposed: trans_b,
            },
            beta,
            c,
            ldc,
        });
    }

    fn name(&self) -> String {
        format!(
            "{}{} {}x{}x{} alpha={} beta={} pad={}",
            if self.trans_a { "Aᵀ" } else { "A" },
            if self.trans_b { "Bᵀ" } else { "B" },
            self.m,
            self.n,
            self.k,
            self.alpha,
            self.beta,
            self.pad
        )
    }

    /// Row `i` of `op(A)`, as a contiguous `1×k` matrix.
    fn op_a_row(&self, a: &[f32], i: usize) -> Vec<f32> {
        let lda = self.strides().0;
        (0..self.k)
            .map(|p| {
                if self.trans_a {
                    a[p * lda + i]
                } else {
                    a[i * lda + p]
                }
            })
            .collect()
    }

    /// Checks every row of the fast result against the reference; see `check_rows`.
    fn check_against_reference(&self) {
        self.check_rows_against_reference(&(0..self.m).collect::<Vec<_>>());
    }

    /// Runs the fast kernel, then checks that the padding of C is untouched and that each of
    /// `rows` agrees with the reference kernel run on that row alone, within the rounding bound
    /// of two k-term sums in different orders, `≈ 2·k·u·(|alpha|·Σ|a·b| + |beta·c|)` with
    /// `u = 2⁻²⁴` (3·(k+4)·u for the few extra roundings of alpha, beta and the k-slices). That
    /// is ≈ 2e-7·k relative: one dropped or doubled term (≈ 1/k of the magnitude) fails at the
    /// sizes tested, and a dropped or doubled k-slice or chunk fails at any size.
    fn check_rows_against_reference(&self, rows: &[usize]) {
        let (a, b, c0) = self.operands();
        let mut fast = c0.clone();
        self.run(gemm, &a, &b, &mut fast);
        let (_, ldb, ldc) = self.strides();
        for (index, (&got, &before)) in fast.iter().zip(&c0).enumerate() {
            assert!(
                index % ldc < self.n || got.to_bits() == before.to_bits(),
                "{}: padding C[{},{}] changed",
                self.name(),
                index / ldc,
                index % ldc
            );
        }
        let Case {
            trans_b,
            n,
            k,
            alpha,
            beta,
            ..
        } = *self;
        let abs = |values: &[f32]| values.iter().map(|v| v.abs()).collect::<Vec<_>>();
        let b_abs = abs(&b);
        let tolerance = 3.0 * (k as f32 + 4.0) * f32::EPSILON / 2.0;
        for &i in rows {
            let a_row = self.op_a_row(&a, i);
            let c_row = &c0[i * ldc..i * ldc + n];
            let mut want = c_row.to_vec();
            gemm_reference(Gemm {
                m: 1,
                n,
                k,
                alpha,
                a: MatrixRef::new(&a_row, k),
                b: MatrixRef {
                    data: &b,
                    stride: ldb,
                    transposed: trans_b,
                },
                beta,
                c: &mut want,
                ldc: n,
            });
            // |alpha|·Σ|a·b| + |beta·c| per element: the scale rounding errors are relative to.
            let mut magnitude = if beta == 0.0 {
                vec![0.0; n]
            } else {
                abs(c_row)
            };
            let (alpha, beta) = (alpha.abs(), beta.abs());
            gemm_reference(Gemm {
                m: 1,
                n,
                k,
                alpha,
                a: MatrixRef::new(&abs(&a_row), k),
                b: MatrixRef {
                    data: &b_abs,
                    stride: ldb,
                    transposed: trans_b,
                },
                beta,
                c: &mut magnitude,
                ldc: n,
            });
            let got = &fast[i * ldc..i * ldc + n];
            for (j, ((&got, &want), &magnitude)) in
                got.iter().zip(&want).zip(&magnitude).enumerate()
            {
                assert!(
                    got.is_finite() && (got - want).abs() <= tolerance * magnitude.max(1e-30),
                    "{}: C[{i},{j}] = {got}, reference {want}",
                    self.name()
                );
            }
        }
    }
}

type GemmFn = fn(Gemm<'_>);

const TRANSPOSES: [(bool, bool); 4] = [(false, false), (true, false), (false, true), (true, true)];

#[test]
fn matches_reference_on_odd_shapes_for_every_transpose() {
    let _slot = lock_pool_slot();
    install_pool(None);
    let shapes = [
        (1, 1, 1),
        (1, 17, 9),
        (17, 1, 9),
        (1, 1, 40),
        (9, 11, 1),
        (4, 8, 3),
        (7, 13, 5),
        (33, 65, 17),
        (130, 3, 257),
        (129, 257, 300),
    ];
    for (trans_a, trans_b) in TRANSPOSES {
        for (m, n, k) in shapes {
            Case {
                trans_a,
                trans_b,
                ..Case::new(m, n, k)
            }
            .check_against_reference();
        }
    }
}

#[test]
fn packing_edges_match_reference_for_every_transpose() {
    // Big enough for the packed path (m·n·k > 2¹⁴). Rows of op(A) fill whole 4-row panels (32)
    // or leave one live row (29); columns of op(B) fill whole 8-column panels (64) or leave 7
    // (63). Depths: whole groups of 4 steps (the register transpose) with or without a scalar
    // tail of 1 to 3 steps, and whole or partial blocks of 8 steps (transposed sources). Padded
    // rows move every storage row off the dense layout.
    let _slot = lock_pool_slot();
    install_pool(None);
    for (trans_a, trans_b) in TRANSPOSES {
        for (m, n) in [(29, 63), (32, 64), (29, 64), (32, 63)] {
            for k in [12, 14, 16, 17, 19] {
                for pad in [0, 3] {
                    Case {
                        trans_a,
                        trans_b,
                        pad,
                        ..Case::new(m, n, k)
                    }
                    .check_against_reference();
                }
            }
        }
    }
}

#[test]
fn matches_reference_on_a_large_product_split_in_many_blocks() {
    let _slot = lock_pool_slot();
    install_pool(Some(2));
    for (trans_a, trans_b) in TRANSPOSES {
        Case {
            trans_a,
            trans_b,
            ..Case::new(513, 31, 1025)
        }
        .check_against_reference();
    }
    Case {
        trans_b: true,
        ..Case::new(300, 520, 70)
    }
    .check_against_reference();
    install_pool(None);
}

#[test]
fn matches_reference_across_chunks_of_k_rows_and_columns() {
    // k > 4096 splits the product into chunks along k, rows and columns (packed operands are
    // capped at 4 MiB); later chunks must accumulate onto the earlier ones. The rows checked
    // straddle the 128- and 256-row boundaries of tasks and chunks.
    let _slot = lock_pool_slot();
    install_pool(Some(2));
    for (trans_a, trans_b) in TRANSPOSES {
        let case = Case {
            trans_a,
            trans_b,
            beta: 0.5,
            ..Case::new(270, 260, 4100)
        };
        case.check_rows_against_reference(&[5, 128, 255, 256, 269]);
    }
    install_pool(None);
}

#[test]
fn honours_padded_strides_alpha_and_beta() {
    let _slot = lock_pool_slot();
    install_pool(None);
    for (trans_a, trans_b) in TRANSPOSES {
        for (alpha, beta) in [
            (1.0, 0.0),
            (1.0, 1.0),
            (0.5, 0.5),
            (-2.0, 1.0),
            (1.5, -0.25),
        ] {
            for (m, n, k) in [(7, 13, 5), (33, 65, 17), (5, 9, 260)] {
                Case {
                    trans_a,
                    trans_b,
                    alpha,
                    beta,
                    pad: 3,
                    ..Case::new(m, n, k)
                }
                .check_against_reference();
            }
        }
    }
}

#[test]
fn beta_zero_overwrites_nan_in_c() {
    let _slot = lock_pool_slot();
    install_pool(None);
    let (m, n, k) = (6, 10, 4);
    let (a, b) = (values(m * k, 1), values(k * n, 2));
    let mut c = vec![f32::NAN; m * n];
    gemm(Gemm {
        m,
        n,
        k,
        alpha: 1.0,
        a: MatrixRef::new(&a, k),
        b: MatrixRef::new(&b, n),
        beta: 0.0,
        c: &mut c,
        ldc: n,
    });
    assert!(c.iter().all(|v| v.is_finite()));
    // alpha = 0 and k = 0 skip the product, but must still overwrite.
    let mut c = vec![f32::NAN; m * n];
    gemm(Gemm {
        m,
        n,
        k,
        alpha: 0.0,
        a: MatrixRef::new(&a, k),
        b: MatrixRef::new(&b, n),
        beta: 0.0,
        c: &mut c,
        ldc: n,
    });
    assert!(c.iter().all(|&v| v == 0.0));
    let mut c = vec![f32::NAN; m * n];
    gemm(Gemm {
        m,
        n,
        k: 0,
        alpha: 1.0,
        a: MatrixRef::new(&[], 0),
        b: MatrixRef::new(&[], n),
        beta: 0.0,
        c: &mut c,
        ldc: n,
    });
    assert!(c.iter().all(|&v| v == 0.0));
}

#[test]
fn degenerate_sizes_scale_or_leave_c() {
    let _slot = lock_pool_slot();
    install_pool(None);
    let c0 = values(12, 5);
    // k = 0: C = beta·C.
    for beta in [1.0, 0.5, -3.0] {
        let mut c = c0.clone();
        gemm(Gemm {
            m: 3,
            n: 4,
            k: 0,
            alpha: 2.0,
            a: MatrixRef::transposed(&[], 3),
            b: MatrixRef::new(&[], 4),
            beta,
            c: &mut c,
            ldc: 4,
        });
        let expected: Vec<f32> = c0
            .iter()
            .map(|v| if beta == 1.0 { *v } else { v * beta })
            .collect();
        assert_eq!(c, expected, "beta={beta}");
    }
    // m = 0 or n = 0: nothing to write, and empty operands are fine.
    let mut c = c0.clone();
    gemm(Gemm {
        m: 0,
        n: 4,
        k: 5,
        alpha: 1.0,
        a: MatrixRef::new(&[], 5),
        b: MatrixRef::new(&values(20, 1), 4),
        beta: 0.0,
        c: &mut c,
        ldc: 4,
    });
    gemm(Gemm {
        m: 3,
        n: 0,
        k: 5,
        alpha: 1.0,
        a: MatrixRef::new(&values(15, 1), 5),
        b: MatrixRef::new(&[], 0),
        beta: 0.0,
        c: &mut c,
        ldc: 4,
    });
    assert_eq!(c, c0);
}

#[test]
fn results_are_bitwise_identical_on_every_thread_count() {
    let _slot = lock_pool_slot();
    let cases = [
        Case {
            trans_a: true,
            beta: 0.5,
            ..Case::new(300, 700, 300)
        },
        Case {
            trans_b: true,
            beta: 1.0,
            pad: 2,
            ..Case::new(40, 1000, 600)
        },
        Case::new(1000, 20, 500),
    ];
    for case in cases {
        let (a, b, c0) = case.operands();
        let mut results = Vec::new();
        for threads in [None, Some(2), Some(3)] {
            install_pool(threads);
            let mut c = c0.clone();
            case.run(gemm, &a, &b, &mut c);
            results.push(c.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
        }
        install_pool(None);
        assert!(
            results[0] == results[1],
            "{}: 1 vs 2 threads differ",
            case.name()
        );
        assert!(
            results[0] == results[2],
            "{}: 1 vs 3 threads differ",
            case.name()
        );
    }
}

#[test]
fn each_row_computed_alone_matches_the_whole_product_bitwise() {
    // Every element gets the same arithmetic whatever block or task it falls in, so a sample's
    // output does not depend on the batch around it.
    let _slot = lock_pool_slot();
    install_pool(Some(2));
    for (trans_a, trans_b) in TRANSPOSES {
        let case = Case {
            trans_a,
            trans_b,
            beta: 0.5,
            ..Case::new(200, 300, 600)
        };
        let (a, b, c0) = case.operands();
        let (_, ldb, ldc) = case.strides();
        let mut whole = c0.clone();
        case.run(gemm, &a, &b, &mut whole);
        for i in 0..case.m {
            let row = case.op_a_row(&a, i);
            let mut alone = c0[i * ldc..i * ldc + case.n].to_vec();
            let (k, n) = (case.k, case.n);
            gemm(Gemm {
                m: 1,
                n,
                k,
                alpha: 1.0,
                a: MatrixRef::new(&row, k),
                b: MatrixRef {
                    data: &b,
                    stride: ldb,
                    transposed: trans_b,
                },
                beta: 0.5,
                c: &mut alone,
                ldc: n,
            });
            let expected = &whole[i * ldc..i * ldc + n];
            assert!(
                alone
                    .iter()
                    .zip(expected)
                    .all(|(x, y)| x.to_bits() == y.to_bits()),
                "{}: row {i} differs when computed alone",
                case.name()
            );
        }
    }
    install_pool(None);
}

#[test]
#[should_panic(expected = "gemm: B must hold a 5x7 row-major matrix")]
fn a_too_short_operand_is_reported_not_read_out_of_bounds() {
    let mut c = vec![0.0; 3 * 7];
    gemm(Gemm {
        m: 3,
        n: 7,
        k: 5,
        alpha: 1.0,
        a: MatrixRef::new(&[1.0; 15], 5),
        b: MatrixRef::new(&[1.0; 34], 7),
        beta: 0.0,
        c: &mut c,
        ldc: 7,
    });
}

#[test]
fn add_row_bias_adds_bias_to_every_row() {
    let (rows, cols) = (5, 7);
    let bias = values(cols, 1);
    let mut c = values(rows * cols, 2);
    let mut expected = c.clone();
    for i in 0..rows {
        for j in 0..cols {
            expected[i * cols + j] += bias[j];
        }
    }
    add_row_bias(&mut c, rows, cols, &bias);
    assert_eq!(c, expected);
}

#[test]
fn sum_rows_into_accumulates_column_sums_in_row_order() {
    let (rows, cols) = (37, 11);
    let src = values(rows * cols, 1);
    let mut dst = values(cols, 2);
    let mut expected = dst.clone();
    for i in 0..rows {
        for j in 0..cols {
            expected[j] += src[i * cols + j];
        }
    }
    sum_rows_into(&mut dst, &src, rows, cols);
    assert_eq!(dst, expected);
}

#[test]
fn axpy_and_scale_match_scalar_loops() {
    let x = values(35, 1);
    let mut y = values(35, 2);
    let expected: Vec<f32> = y.iter().zip(&x).map(|(y, x)| y + -0.75 * x).collect();
    axpy(&mut y, -0.75, &x);
    assert_eq!(y, expected);
    let expected: Vec<f32> = y.iter().map(|y| y * 3.5).collect();
    scale(&mut y, 3.5);
    assert_eq!(y, expected);
}

/// Native single-thread GFLOP/s at 1024³, for orientation only (the target is measured in wasm):
/// `cargo test --release -p kerasm-core --test gemm -- --ignored --nocapture`.
#[test]
#[ignore]
fn report_native_gflops_at_1024() {
    let _slot = lock_pool_slot();
    install_pool(None);
    let size = 1024;
    let (a, b) = (values(size * size, 1), values(size * size, 2));
    let mut c = vec![0.0; size * size];
    for (trans_a, trans_b) in TRANSPOSES {
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let start = std::time::Instant::now();
            gemm(Gemm {
                m: size,
                n: size,
                k: size,
                alpha: 1.0,
                a: MatrixRef {
                    data: &a,
                    stride: size,
                    transposed: trans_a,
                },
                b: MatrixRef {
                    data: &b,
                    stride: size,
                    transposed: trans_b,
                },
                beta: 0.0,
                c: &mut c,
                ldc: size,
            });
            best = best.min(start.elapsed().as_secs_f64());
        }
        let gflops = 2.0 * (size as f64).powi(3) / best / 1e9;
        println!("gemm 1024³ trans_a={trans_a} trans_b={trans_b}: {gflops:.1} GFLOP/s");
    }
}
