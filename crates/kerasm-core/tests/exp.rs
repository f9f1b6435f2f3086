//! The vectorisable `exp` against f64's: relative error within 2·10⁻⁷ over the whole normal
//! range, and the edges (underflow to 0, overflow to ∞, NaN) as documented.
use kerasm_core::kernels::exp::exp;

#[test]
fn matches_f64_exp_to_within_two_parts_in_ten_million() {
    let mut worst = (0.0f64, 0.0f32);
    let steps = 2_000_000;
    for i in 0..=steps {
        let x = -87.3 + (88.7 + 87.3) * i as f32 / steps as f32;
        let want = (x as f64).exp();
        let error = ((exp(x) as f64 - want) / want).abs();
        if error > worst.0 {
            worst = (error, x);
        }
    }
    assert!(
        worst.0 < 2e-7,
        "relative error {} at x = {}",
        worst.0,
        worst.1
    );
    assert_eq!(exp(0.0), 1.0);
}

#[test]
fn edges_underflow_overflow_and_nan() {
    assert_eq!(exp(-88.0), 0.0);
    assert_eq!(exp(f32::NEG_INFINITY), 0.0);
    assert_eq!(exp(89.0), f32::INFINITY);
    assert_eq!(exp(f32::INFINITY), f32::INFINITY);
    assert!(exp(88.72).is_finite());
    assert!(exp(f32::NAN).is_nan());
}
