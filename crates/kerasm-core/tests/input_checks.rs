//! The engine's non-finite scan of dataset values: every position (inside the SIMD lanes, at
//! block edges, in a block's tail) is found, the first one wins, and the error names the user's
//! array and the flat index in it.
use kerasm_core::dataset::{first_non_finite, Origin};
use kerasm_core::{Array, Dataset, Error};

fn origin(argument: &str, first_index: usize) -> Origin {
    Origin {
        argument: argument.to_string(),
        first_index,
    }
}

#[test]
fn finds_every_position_in_every_length() {
    for len in [1, 7, 8, 9, 1023, 1024, 1025, 2100] {
        let clean: Vec<f32> = (0..len).map(|i| i as f32 * 0.5 - 3.0).collect();
        assert_eq!(first_non_finite(&clean), None, "len {len}");
        for position in [0, len / 2, len - 1] {
            for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
                let mut data = clean.clone();
                data[position] = bad;
                assert_eq!(first_non_finite(&data), Some(position), "len {len} {bad}");
            }
        }
    }
    assert_eq!(first_non_finite(&[]), None);
}

#[test]
fn the_first_of_several_wins_and_extremes_are_finite() {
    let mut data = vec![f32::MAX; 3000];
    data[5] = f32::MIN;
    data[2500] = f32::NAN;
    data[1500] = f32::INFINITY;
    assert_eq!(first_non_finite(&data), Some(1500));
}

#[test]
fn the_error_names_the_array_and_its_flat_index() {
    let mut x = vec![0.0; 12];
    x[7] = f32::NAN;
    let err = Dataset::with_origins(
        vec![Array::new(x, vec![3])],
        &[origin("x", 0)],
        vec![Array::new(vec![1.0; 4], vec![1])],
        &[origin("y", 0)],
        None,
    )
    .unwrap_err();
    assert_eq!(err.code(), "NON_FINITE");
    assert_eq!(err.argument(), Some("x"));
    assert!(
        err.to_string()
            .contains("finite numbers (fill missing values first"),
        "{err}"
    );
    assert!(
        err.to_string().ends_with("Received: x[flat index 7]=NaN"),
        "{err}"
    );
}

#[test]
fn a_part_of_an_array_reports_the_index_in_the_whole() {
    let mut y = vec![1.0; 4];
    y[2] = f32::NEG_INFINITY;
    let err = Dataset::with_origins(
        vec![Array::new(vec![0.0; 8], vec![2])],
        &[origin("validationData[0]", 40)],
        vec![Array::new(y, vec![1])],
        &[origin("y['out']", 20)],
        None,
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::NonFinite {
            argument: "y['out']".to_string(),
            index: 22,
            received: f32::NEG_INFINITY,
        }
    );
    assert!(err
        .to_string()
        .ends_with("y['out'][flat index 22]=-Infinity"));
}

#[test]
fn arrays_without_an_origin_are_named_by_position() {
    let mut second = vec![0.0; 6];
    second[4] = f32::INFINITY;
    let err = Dataset::new(
        vec![
            Array::new(vec![0.0; 6], vec![2]),
            Array::new(second, vec![2]),
        ],
        vec![],
        None,
    )
    .unwrap_err();
    assert_eq!(err.argument(), Some("inputs[1]"));
    assert!(err
        .to_string()
        .ends_with("inputs[1][flat index 4]=Infinity"));
}
