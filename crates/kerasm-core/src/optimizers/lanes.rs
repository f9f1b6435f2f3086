//! `Lanes`: four `f32` updated at once by the optimizers' rules, with the square root and the
//! division their updates need (the GEMM's `kernels::simd::F32x4` has neither). On wasm32 with
//! `simd128` it is a `v128`, written with intrinsics because LLVM does not vectorise an update
//! loop that also branches (a block whose gradients are all zero); elsewhere a plain `[f32; 4]`.
//! Each operation rounds as the scalar one does, lane by lane, so an update gives the same bits
//! through `Lanes` as through the scalar formula.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{
        f32x4_abs, f32x4_add, f32x4_div, f32x4_gt, f32x4_lt, f32x4_mul, f32x4_splat, f32x4_sqrt,
        f32x4_sub, i32x4_all_true, v128, v128_andnot, v128_any_true, v128_load, v128_or,
        v128_store,
    };

    #[derive(Clone, Copy)]
    pub struct Lanes(v128);

    impl Lanes {
        #[inline(always)]
        pub fn splat(value: f32) -> Self {
            Lanes(f32x4_splat(value))
        }

        #[inline(always)]
        pub fn load(src: &[f32; 4]) -> Self {
            // SAFETY: `src` is 16 readable bytes; `v128_load` has no alignment requirement.
            Lanes(unsafe { v128_load(src.as_ptr().cast::<v128>()) })
        }

        #[inline(always)]
        pub fn store(self, dst: &mut [f32; 4]) {
            // SAFETY: `dst` is 16 writable bytes; `v128_store` has no alignment requirement.
            unsafe { v128_store(dst.as_mut_ptr().cast::<v128>(), self.0) }
        }

        #[inline(always)]
        pub fn add(self, other: Self) -> Self {
            Lanes(f32x4_add(self.0, other.0))
        }

        #[inline(always)]
        pub fn sub(self, other: Self) -> Self {
            Lanes(f32x4_sub(self.0, other.0))
        }

        #[inline(always)]
        pub fn mul(self, other: Self) -> Self {
            Lanes(f32x4_mul(self.0, other.0))
        }

        #[inline(always)]
        pub fn div(self, other: Self) -> Self {
            Lanes(f32x4_div(self.0, other.0))
        }

        #[inline(always)]
        pub fn sqrt(self) -> Self {
            Lanes(f32x4_sqrt(self.0))
        }

        /// Each lane, or 0 where it is subnormal (see `super::super::flush_subnormal`).
        #[inline(always)]
        pub fn flush_subnormal(self) -> Self {
            let tiny = f32x4_lt(f32x4_abs(self.0), f32x4_splat(f32::MIN_POSITIVE));
            Lanes(v128_andnot(self.0, tiny))
        }

        /// Whether every lane of every vector is ±0.
        #[inline(always)]
        pub fn all_zero(vectors: &[Lanes]) -> bool {
            let bits = vectors
                .iter()
                .fold(f32x4_splat(0.0), |acc, v| v128_or(acc, f32x4_abs(v.0)));
            !v128_any_true(bits)
        }

        /// Whether every lane of every vector is above 0 (NaN is not).
        #[inline(always)]
        pub fn all_positive(vectors: &[Lanes]) -> bool {
            let zero = f32x4_splat(0.0);
            vectors.iter().all(|v| i32x4_all_true(f32x4_gt(v.0, zero)))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct Lanes([f32; 4]);

    impl Lanes {
        #[inline(always)]
        fn map(self, other: Self, f: impl Fn(f32, f32) -> f32) -> Self {
            Lanes(std::array::from_fn(|i| f(self.0[i], other.0[i])))
        }

        #[inline(always)]
        pub fn splat(value: f32) -> Self {
            Lanes([value; 4])
        }

        #[inline(always)]
        pub fn load(src: &[f32; 4]) -> Self {
            Lanes(*src)
        }

        #[inline(always)]
        pub fn store(self, dst: &mut [f32; 4]) {
            *dst = self.0;
        }

        #[inline(always)]
        pub fn add(self, other: Self) -> Self {
            self.map(other, |a, b| a + b)
        }

        #[inline(always)]
        pub fn sub(self, other: Self) -> Self {
            self.map(other, |a, b| a - b)
        }

        #[inline(always)]
        pub fn mul(self, other: Self) -> Self {
            self.map(other, |a, b| a * b)
        }

        #[inline(always)]
        pub fn div(self, other: Self) -> Self {
            self.map(other, |a, b| a / b)
        }

        #[inline(always)]
        pub fn sqrt(self) -> Self {
            Lanes(self.0.map(f32::sqrt))
        }

        /// Each lane, or 0 where it is subnormal (see `super::super::flush_subnormal`).
        #[inline(always)]
        pub fn flush_subnormal(self) -> Self {
            Lanes(self.0.map(super::super::flush_subnormal))
        }

        /// Whether every lane of every vector is ±0.
        #[inline(always)]
        pub fn all_zero(vectors: &[Lanes]) -> bool {
            vectors.iter().all(|v| v.0.iter().all(|&x| x == 0.0))
        }

        /// Whether every lane of every vector is above 0 (NaN is not).
        #[inline(always)]
        pub fn all_positive(vectors: &[Lanes]) -> bool {
            vectors.iter().all(|v| v.0.iter().all(|&x| x > 0.0))
        }
    }
}

pub(super) use imp::Lanes;
