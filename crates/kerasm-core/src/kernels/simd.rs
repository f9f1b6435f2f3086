//! `F32x4`: the four-lane vector the kernels and the optimizers' update rules are written over. On wasm32 with `simd128` it is
//! a `v128`; everywhere else it is a plain `[f32; 4]` (which LLVM turns into SSE/NEON natively),
//! so the blocking and packing code around it is exercised by native tests unchanged.
//!
//! `mul_add` is a separate multiply then add, never a fused one: wasm's baseline SIMD has no FMA,
//! and keeping both implementations unfused makes them round identically.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use core::arch::wasm32::{
        f32x4_abs, f32x4_add, f32x4_div, f32x4_gt, f32x4_lt, f32x4_mul, f32x4_splat, f32x4_sqrt,
        f32x4_sub, i32x4_all_true, i32x4_bitmask, i32x4_ne, i32x4_shl, i32x4_shuffle, i32x4_splat,
        v128, v128_andnot, v128_any_true, v128_load, v128_or, v128_store,
    };

    /// Four `f32` lanes in one wasm `v128`.
    #[derive(Clone, Copy)]
    pub struct F32x4(v128);

    impl F32x4 {
        #[inline(always)]
        pub fn splat(value: f32) -> Self {
            F32x4(f32x4_splat(value))
        }

        #[inline(always)]
        pub fn load(src: &[f32; 4]) -> Self {
            // SAFETY: `src` is 16 readable bytes; `v128_load` has no alignment requirement.
            F32x4(unsafe { v128_load(src.as_ptr().cast::<v128>()) })
        }

        #[inline(always)]
        pub fn store(self, dst: &mut [f32; 4]) {
            // SAFETY: `dst` is 16 writable bytes; `v128_store` has no alignment requirement.
            unsafe { v128_store(dst.as_mut_ptr().cast::<v128>(), self.0) }
        }

        #[inline(always)]
        pub fn add(self, other: Self) -> Self {
            F32x4(f32x4_add(self.0, other.0))
        }

        #[inline(always)]
        pub fn mul(self, other: Self) -> Self {
            F32x4(f32x4_mul(self.0, other.0))
        }

        #[inline(always)]
        pub fn sub(self, other: Self) -> Self {
            F32x4(f32x4_sub(self.0, other.0))
        }

        #[inline(always)]
        pub fn div(self, other: Self) -> Self {
            F32x4(f32x4_div(self.0, other.0))
        }

        #[inline(always)]
        pub fn sqrt(self) -> Self {
            F32x4(f32x4_sqrt(self.0))
        }

        /// Each lane, or +0 where it is subnormal.
        #[inline(always)]
        pub fn flush_subnormal(self) -> Self {
            let tiny = f32x4_lt(f32x4_abs(self.0), f32x4_splat(f32::MIN_POSITIVE));
            F32x4(v128_andnot(self.0, tiny))
        }

        /// Whether every lane of every vector is ±0.
        #[inline(always)]
        pub fn all_zero(vectors: &[Self]) -> bool {
            let bits = vectors
                .iter()
                .fold(f32x4_splat(0.0), |acc, v| v128_or(acc, f32x4_abs(v.0)));
            !v128_any_true(bits)
        }

        /// Bit `i` set where lane `i` is not ±0 (its bits without the sign are not all zero, so
        /// NaN and ±Infinity count as non-zero).
        #[inline(always)]
        pub fn non_zero_lanes(self) -> u32 {
            u32::from(i32x4_bitmask(i32x4_ne(
                i32x4_shl(self.0, 1),
                i32x4_splat(0),
            )))
        }

        /// Whether every lane of every vector is above 0 (NaN is not).
        #[inline(always)]
        pub fn all_positive(vectors: &[Self]) -> bool {
            let zero = f32x4_splat(0.0);
            vectors.iter().all(|v| i32x4_all_true(f32x4_gt(v.0, zero)))
        }

        /// The 4×4 transpose of four rows: two rounds of interleaving (lanes, then lane pairs),
        /// the shuffles V8 lowers to single `unpck`/`movlh`/`movhl` instructions.
        #[inline(always)]
        pub fn transpose([r0, r1, r2, r3]: [Self; 4]) -> [Self; 4] {
            let low01 = i32x4_shuffle::<0, 4, 1, 5>(r0.0, r1.0);
            let high01 = i32x4_shuffle::<2, 6, 3, 7>(r0.0, r1.0);
            let low23 = i32x4_shuffle::<0, 4, 1, 5>(r2.0, r3.0);
            let high23 = i32x4_shuffle::<2, 6, 3, 7>(r2.0, r3.0);
            [
                F32x4(i32x4_shuffle::<0, 1, 4, 5>(low01, low23)),
                F32x4(i32x4_shuffle::<2, 3, 6, 7>(low01, low23)),
                F32x4(i32x4_shuffle::<0, 1, 4, 5>(high01, high23)),
                F32x4(i32x4_shuffle::<2, 3, 6, 7>(high01, high23)),
            ]
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    /// Four `f32` lanes in a plain array.
    #[derive(Clone, Copy)]
    pub struct F32x4([f32; 4]);

    impl F32x4 {
        #[inline(always)]
        pub fn splat(value: f32) -> Self {
            F32x4([value; 4])
        }

        #[inline(always)]
        pub fn load(src: &[f32; 4]) -> Self {
            F32x4(*src)
        }

        #[inline(always)]
        pub fn store(self, dst: &mut [f32; 4]) {
            *dst = self.0;
        }

        #[inline(always)]
        pub fn add(self, other: Self) -> Self {
            F32x4(std::array::from_fn(|lane| self.0[lane] + other.0[lane]))
        }

        #[inline(always)]
        pub fn mul(self, other: Self) -> Self {
            F32x4(std::array::from_fn(|lane| self.0[lane] * other.0[lane]))
        }

        #[inline(always)]
        pub fn sub(self, other: Self) -> Self {
            F32x4(std::array::from_fn(|lane| self.0[lane] - other.0[lane]))
        }

        #[inline(always)]
        pub fn div(self, other: Self) -> Self {
            F32x4(std::array::from_fn(|lane| self.0[lane] / other.0[lane]))
        }

        #[inline(always)]
        pub fn sqrt(self) -> Self {
            F32x4(self.0.map(f32::sqrt))
        }

        /// Each lane, or +0 where it is subnormal.
        #[inline(always)]
        pub fn flush_subnormal(self) -> Self {
            F32x4(
                self.0
                    .map(|x| if x.abs() < f32::MIN_POSITIVE { 0.0 } else { x }),
            )
        }

        /// Whether every lane of every vector is ±0.
        #[inline(always)]
        pub fn all_zero(vectors: &[Self]) -> bool {
            vectors.iter().all(|v| v.0.iter().all(|&x| x == 0.0))
        }

        /// Bit `i` set where lane `i` is not ±0 (NaN and ±Infinity count as non-zero).
        #[inline(always)]
        pub fn non_zero_lanes(self) -> u32 {
            (0..4).fold(0, |bits, lane| {
                bits | (u32::from(self.0[lane].to_bits() << 1 != 0) << lane)
            })
        }

        /// Whether every lane of every vector is above 0 (NaN is not).
        #[inline(always)]
        pub fn all_positive(vectors: &[Self]) -> bool {
            vectors.iter().all(|v| v.0.iter().all(|&x| x > 0.0))
        }

        /// The 4×4 transpose of four rows.
        #[inline(always)]
        pub fn transpose(rows: [Self; 4]) -> [Self; 4] {
            std::array::from_fn(|lane| F32x4(std::array::from_fn(|row| rows[row].0[lane])))
        }
    }
}

pub use lanes::F32x4;

impl F32x4 {
    #[inline(always)]
    pub fn zero() -> Self {
        F32x4::splat(0.0)
    }

    /// `self + a·b`, lane-wise, rounded after the multiply and after the add.
    #[inline(always)]
    pub fn mul_add(self, a: Self, b: Self) -> Self {
        self.add(a.mul(b))
    }
}
