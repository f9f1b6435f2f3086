//! `F32x4`: the four-lane vector the kernels are written over. On wasm32 with `simd128` it is
//! a `v128`; everywhere else it is a plain `[f32; 4]` (which LLVM turns into SSE/NEON natively),
//! so the blocking and packing code around it is exercised by native tests unchanged.
//!
//! `mul_add` is a separate multiply then add, never a fused one: wasm's baseline SIMD has no FMA,
//! and keeping both implementations unfused makes them round identically.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

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
