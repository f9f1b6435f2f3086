//! Scalar functions that losses, expressions and regularizers share, so each is written once.

/// The sign of `x`, 0 at 0 (and for NaN): TF's `Sign`, the derivative it gives `|x|`.
pub(crate) fn sign<T: PartialOrd + From<i8>>(x: T) -> T {
    let zero = T::from(0);
    if x > zero {
        T::from(1)
    } else if x < zero {
        T::from(-1)
    } else {
        zero
    }
}

/// The logistic function in f64, without overflow for large |x|.
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}
