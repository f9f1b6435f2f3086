//! Rayon on host workers. The host spawns `n` workers that instantiate this module on the shared
//! memory and call `start_worker(receiver)`; `build` then hands each one a rayon thread to run.
//! Modelled on wasm-bindgen-rayon, but the pool is not rayon's global one, so `setThreads` can
//! replace it, and no browser globals are needed, so it runs on Node's worker_threads too.
use crossbeam_channel::{bounded, Receiver, Sender};
use rayon::ThreadBuilder;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct PoolBuilder {
    num_threads: usize,
    sender: Sender<ThreadBuilder>,
    receiver: Receiver<ThreadBuilder>,
}

#[wasm_bindgen]
impl PoolBuilder {
    #[wasm_bindgen(constructor)]
    pub fn new(num_threads: usize) -> PoolBuilder {
        let (sender, receiver) = bounded(num_threads);
        PoolBuilder { num_threads, sender, receiver }
    }

    /// Address of the channel the workers wait on; valid while this builder lives.
    pub fn receiver(&self) -> usize {
        &self.receiver as *const Receiver<ThreadBuilder> as usize
    }

    /// Call once every worker is waiting in `start_worker`: builds the pool and installs it.
    pub fn build(&mut self) -> Result<(), JsError> {
        let sender = self.sender.clone();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.num_threads)
            .spawn_handler(move |thread| sender.send(thread).map_err(|e| std::io::Error::other(e.to_string())))
            .build()
            .map_err(|e| JsError::new(&e.to_string()))?;
        kerasm_core::parallel::set_pool(Some(pool));
        Ok(())
    }
}

/// Removes the pool; its threads return from `start_worker`, so their workers can exit.
#[wasm_bindgen]
pub fn drop_pool() {
    kerasm_core::parallel::set_pool(None);
}

/// Entry of a worker: blocks until `build` hands it a rayon thread, then runs it until the pool
/// is dropped.
#[wasm_bindgen]
pub fn start_worker(receiver: usize) {
    // SAFETY: `receiver` is `PoolBuilder::receiver()` of a builder that the host keeps alive until
    // every worker it spawned has received its thread (the host awaits `build` before freeing it).
    let receiver = unsafe { &*(receiver as *const Receiver<ThreadBuilder>) };
    if let Ok(thread) = receiver.recv() {
        thread.run();
    }
}
