//! The JS boundary. Every export takes or returns coarse values; no kernel is called per op.
use wasm_bindgen::prelude::*;

#[cfg(target_feature = "atomics")]
mod threads;

/// Spike: a parallel sum to prove the pool works.
#[wasm_bindgen]
pub fn parallel_probe(tasks: usize) -> Vec<u32> {
    let out: Vec<std::sync::atomic::AtomicU32> = (0..tasks).map(|_| Default::default()).collect();
    kerasm_core::parallel::for_each_task(tasks, |i| {
        let mut acc = 0u64;
        for j in 0..20_000_000u64 { acc = acc.wrapping_add(j * i as u64); }
        out[i].store((acc & 0xffff) as u32 | 1, std::sync::atomic::Ordering::Relaxed);
    });
    out.into_iter().map(|a| a.into_inner()).collect()
}

#[wasm_bindgen]
pub fn thread_count() -> usize {
    kerasm_core::parallel::threads()
}
