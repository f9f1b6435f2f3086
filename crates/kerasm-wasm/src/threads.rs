//! Rayon on host workers (Node `worker_threads`, or Web Workers). The host spawns `n` workers that
//! instantiate this module on the shared memory and call `start_worker()`; `build_pool(n)` then
//! hands each a rayon thread to run.
//!
//! Modelled on wasm-bindgen-rayon, with two differences that are why it is not used directly:
//! its JS helper needs browser globals (`self`, `Worker`) when imported, which Node lacks, and it
//! builds rayon's global pool, which can never be rebuilt, so `setThreads(n)` could not work.
use crossbeam_channel::{unbounded, Receiver, Sender};
use rayon::ThreadBuilder;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

/// Rayon threads waiting for a worker to run them.
fn channel() -> &'static (Sender<ThreadBuilder>, Receiver<ThreadBuilder>) {
    static CHANNEL: OnceLock<(Sender<ThreadBuilder>, Receiver<ThreadBuilder>)> = OnceLock::new();
    CHANNEL.get_or_init(unbounded)
}

/// Entry of a worker: blocks until `build_pool` hands it a rayon thread, then runs it until that
/// pool is dropped, and returns so the worker can exit.
#[wasm_bindgen]
pub fn start_worker() {
    if let Ok(thread) = channel().1.recv() {
        thread.run();
    }
}

/// Builds a pool of `threads` rayon threads and makes kernels use it. Call it once `threads`
/// workers are waiting in `start_worker`. The previous pool, if any, is dropped (its workers return).
#[wasm_bindgen]
pub fn build_pool(threads: usize) -> Result<(), JsError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .spawn_handler(|thread| {
            channel()
                .0
                .send(thread)
                .map_err(|e| std::io::Error::other(e.to_string()))
        })
        .build()
        .map_err(|e| JsError::new(&e.to_string()))?;
    kerasm_core::parallel::set_pool(Some(pool));
    Ok(())
}

/// Removes the pool: kernels run on the calling thread; the pool's workers return.
#[wasm_bindgen]
pub fn drop_pool() {
    kerasm_core::parallel::set_pool(None);
}

/// Threads the kernels use now (1 without a pool).
#[wasm_bindgen]
pub fn pool_threads() -> usize {
    kerasm_core::parallel::threads()
}
