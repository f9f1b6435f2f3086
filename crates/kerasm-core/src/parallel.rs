//! The one door to threads. Kernels never touch rayon's global pool: on wasm32 there is none
//! (std cannot spawn threads there), so the host installs a pool built from its own workers.
//! Work is always split into the same chunks whatever the pool size, so results are bitwise
//! identical on every thread count.

use rayon::prelude::*;
use std::sync::{Arc, RwLock};

static POOL: RwLock<Option<Arc<rayon::ThreadPool>>> = RwLock::new(None);

/// Installs (or, with `None`, removes) the pool kernels run on.
pub fn set_pool(pool: Option<rayon::ThreadPool>) {
    let old = std::mem::replace(&mut *POOL.write().unwrap(), pool.map(Arc::new));
    drop(old);
}

/// Threads available to kernels (1 when no pool is installed).
pub fn threads() -> usize {
    POOL.read()
        .unwrap()
        .as_ref()
        .map_or(1, |p| p.current_num_threads())
}

/// Runs `task(i)` for every `i in 0..tasks`, on the pool when there is one.
pub fn for_each_task<F: Fn(usize) + Sync + Send>(tasks: usize, task: F) {
    let pool = POOL.read().unwrap().clone();
    match pool {
        Some(pool) if tasks > 1 => pool.install(|| (0..tasks).into_par_iter().for_each(task)),
        _ => (0..tasks).for_each(task),
    }
}

/// Runs `task(i, chunk)` for the `i`-th `chunk_len`-long chunk of `data` (the last may be
/// shorter), on the pool when there is one: tasks that each write their own part of an output.
pub fn for_each_chunk_mut<F>(data: &mut [f32], chunk_len: usize, task: F)
where
    F: Fn(usize, &mut [f32]) + Sync + Send,
{
    let chunk_len = chunk_len.max(1);
    let pool = POOL.read().unwrap().clone();
    match pool {
        Some(pool) if data.len() > chunk_len => pool.install(|| {
            data.par_chunks_mut(chunk_len)
                .enumerate()
                .for_each(|(i, chunk)| task(i, chunk))
        }),
        _ => data
            .chunks_mut(chunk_len)
            .enumerate()
            .for_each(|(i, chunk)| task(i, chunk)),
    }
}
