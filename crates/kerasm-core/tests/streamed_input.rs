//! A dense input streamed in chunks of rows ends as the same checked input as the whole array
//! checked at once: CSR while mostly zeros, dense once its non-zeros cross the threshold.
mod common;

use common::TestRng;
use kerasm_core::dataset::{CheckedInput, Input, Origin};
use kerasm_core::streamed_input::StreamedInput;
use kerasm_core::{parallel, Array, Error};

fn origin() -> Origin {
    Origin {
        argument: "x".into(),
        first_index: 1000,
    }
}

/// `rows × cols` values, each non-zero with probability `density` (some negative, some -0).
fn matrix(rows: usize, cols: usize, density: f64, seed: u64) -> Vec<f32> {
    let mut rng = TestRng::new(seed);
    (0..rows * cols)
        .map(|i| {
            if rng.uniform(0.0, 1.0) < density {
                rng.uniform(-2.0, 2.0) as f32
            } else if i % 7 == 0 {
                -0.0
            } else {
                0.0
            }
        })
        .collect()
}

/// Streams `values` in chunks of `chunk_rows` rows (cycling through the list).
fn streamed(values: &[f32], shape: &[usize], chunk_rows: &[usize]) -> Result<Input, Error> {
    let size: usize = shape.iter().product();
    let rows = values.len() / size;
    let mut input = StreamedInput::new(rows, shape.to_vec(), origin())?;
    let (mut start, mut k) = (0, 0);
    while start < rows {
        let end = (start + chunk_rows[k % chunk_rows.len()]).min(rows);
        input.append(values[start * size..end * size].to_vec())?;
        (start, k) = (end, k + 1);
    }
    Ok(input.finish()?.input().clone())
}

fn checked_at_once(values: &[f32], shape: &[usize]) -> Input {
    let array = Array::new(values.to_vec(), shape.to_vec());
    CheckedInput::check(Input::Dense(array), &origin())
        .unwrap()
        .input()
        .clone()
}

#[test]
fn a_mostly_zero_input_streams_into_the_same_csr() {
    let values = matrix(97, 300, 0.01, 1);
    let input = streamed(&values, &[300], &[1, 5, 13]).unwrap();
    assert!(matches!(input, Input::Sparse(_)));
    assert_eq!(input, checked_at_once(&values, &[300]));
}

#[test]
fn an_input_that_fills_up_midway_ends_dense_with_every_value() {
    let mut values = matrix(40, 50, 0.0, 2);
    values.extend(matrix(40, 50, 0.6, 3));
    let input = streamed(&values, &[50], &[3, 8]).unwrap();
    let Input::Dense(array) = &input else {
        panic!("expected a dense input, got {input:?}")
    };
    assert_eq!(array.sample_shape, vec![50]);
    assert_eq!(array.data, values);
    assert_eq!(input, checked_at_once(&values, &[50]));
}

#[test]
fn samples_that_are_not_flat_stay_dense() {
    let values = matrix(10, 12, 0.01, 4);
    let input = streamed(&values, &[3, 4], &[4]).unwrap();
    assert_eq!(input, Input::Dense(Array::new(values, vec![3, 4])));
}

#[test]
fn a_non_finite_value_is_named_by_its_index_in_the_users_array() {
    let mut values = matrix(20, 30, 0.02, 5);
    values[11 * 30 + 4] = f32::NAN;
    let err = streamed(&values, &[30], &[4]).unwrap_err();
    let Error::NonFinite {
        argument,
        index,
        received,
    } = err
    else {
        panic!("expected NonFinite, got {err:?}")
    };
    assert_eq!((argument.as_str(), index), ("x", 1000 + 11 * 30 + 4));
    assert!(received.is_nan());
}

#[test]
fn too_many_or_too_few_rows_are_refused() {
    let mut input = StreamedInput::new(2, vec![3], origin()).unwrap();
    input.append(vec![0.0; 3]).unwrap();
    assert_eq!(
        input.append(vec![0.0; 6]).unwrap_err().code(),
        "SHAPE_MISMATCH"
    );
    assert_eq!(
        input.append(vec![0.0; 2]).unwrap_err().code(),
        "SHAPE_MISMATCH"
    );
    assert_eq!(input.finish().unwrap_err().code(), "SHAPE_MISMATCH");
}

#[test]
fn checking_on_the_pool_gives_the_same_input_and_the_same_error() {
    // Chunks of 30 rows × 10 000 columns are checked on the pool, chunks of 7 rows here.
    let cols = 10_000;
    let mut filling = matrix(20, cols, 0.0, 6);
    filling.extend(matrix(20, cols, 0.6, 7));
    let mut poisoned = matrix(40, cols, 0.01, 8);
    poisoned[3 * cols + 9] = f32::INFINITY;
    let cases = [matrix(40, cols, 0.01, 9), filling, poisoned];
    let run = || -> Vec<Result<Input, Error>> {
        (cases.iter())
            .map(|values| streamed(values, &[cols], &[30, 7]))
            .collect()
    };
    parallel::set_pool(None);
    let here = run();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build();
    parallel::set_pool(Some(pool.unwrap()));
    let on_the_pool = run();
    parallel::set_pool(None);
    assert_eq!(here, on_the_pool);
    assert!(matches!(here[0], Ok(Input::Sparse(_))));
    assert!(matches!(here[1], Ok(Input::Dense(_))));
    assert!(matches!(here[2], Err(Error::NonFinite { index, .. }) if index == 1000 + 3 * cols + 9));
}
