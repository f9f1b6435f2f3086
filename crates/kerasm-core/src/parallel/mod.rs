//! The one door to threads. Kernels never touch rayon's global pool: on wasm32 there is none
//! (std cannot spawn threads there), so the host installs a pool built from its own workers.
//! Work is always split into the same chunks whatever the pool size, so results are bitwise
//! identical on every thread count.
mod background;
mod keep_awake;

pub use background::Background;
pub use keep_awake::in_pool;

use keep_awake::UnfinishedLoops;
use rayon::prelude::*;
use std::sync::{Arc, RwLock};

/// The installed pool, and what the keep-awake jobs need to know of its threads.
struct Pool {
    threads: rayon::ThreadPool,
    unfinished_loops: Arc<UnfinishedLoops>,
}

static POOL: RwLock<Option<Arc<Pool>>> = RwLock::new(None);

fn pool() -> Option<Arc<Pool>> {
    POOL.read().unwrap().clone()
}

/// Multiply-adds below which kernels keep work on one thread (≈ 100³, some 60 µs of one
/// thread's work): a fork-join costs more than it saves.
pub const SPLIT_MIN_WORK: usize = 1 << 20;

/// Installs (or, with `None`, removes) the pool kernels run on.
pub fn set_pool(pool: Option<rayon::ThreadPool>) {
    let pool = pool.map(|threads| {
        let unfinished_loops = Arc::new(UnfinishedLoops::new(threads.current_num_threads()));
        Arc::new(Pool {
            threads,
            unfinished_loops,
        })
    });
    let old = std::mem::replace(&mut *POOL.write().unwrap(), pool);
    drop(old);
}

/// Threads available to kernels (1 when no pool is installed).
pub fn threads() -> usize {
    pool().map_or(1, |p| p.threads.current_num_threads())
}

/// Runs `task(i)` for every `i in 0..tasks`, on the pool when there is one.
pub fn for_each_task<F: Fn(usize) + Sync + Send>(tasks: usize, task: F) {
    match pool() {
        Some(pool) if tasks > 1 => {
            let running = pool.unfinished_loops.start();
            pool.threads.install(|| {
                (0..tasks).into_par_iter().for_each(|i| {
                    running.enter();
                    task(i)
                })
            })
        }
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
    match pool() {
        Some(pool) if data.len() > chunk_len => {
            let running = pool.unfinished_loops.start();
            pool.threads.install(|| {
                data.par_chunks_mut(chunk_len)
                    .enumerate()
                    .for_each(|(i, chunk)| {
                        running.enter();
                        task(i, chunk)
                    })
            })
        }
        _ => data
            .chunks_mut(chunk_len)
            .enumerate()
            .for_each(|(i, chunk)| task(i, chunk)),
    }
}
