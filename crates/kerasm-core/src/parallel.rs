//! The one door to threads. Kernels never touch rayon's global pool: on wasm32 there is none
//! (std cannot spawn threads there), so the host installs a pool built from its own workers.
//! Work is always split into the same chunks whatever the pool size, so results are bitwise
//! identical on every thread count.

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, RwLock};

static POOL: RwLock<Option<Arc<rayon::ThreadPool>>> = RwLock::new(None);

/// Multiply-adds below which kernels keep work on one thread (≈ 100³, some 60 µs of one
/// thread's work): a fork-join costs more than it saves.
pub const SPLIT_MIN_WORK: usize = 1 << 20;

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

/// Runs `work` on a thread of the pool when there is one, with the pool's other threads kept
/// awake until it returns: every parallel region inside it starts from a worker, and the others
/// steal its parts at once. A parked worker takes tens of microseconds to wake (a halted vCPU
/// longer), as much as a small region's whole work, so with parking between regions the second
/// thread of an epoch's many short regions (CSR products, small GEMMs) arrived too late to help.
/// `train_batches`, `test_batches` and `predict` wrap their whole loop in it.
///
/// `worth_it` says whether the work holds regions big enough to split: when it does not (a
/// batch of one sample), the hop onto the pool and the spinning thread are pure cost.
pub fn in_pool<R: Send>(worth_it: bool, work: impl FnOnce() -> R + Send) -> R {
    let pool = POOL.read().unwrap().clone();
    let Some(pool) = pool.filter(|_| worth_it) else {
        return work();
    };
    pool.install(|| {
        let done = Arc::new(AtomicBool::new(false));
        let caller = rayon::current_thread_index();
        let spinning = Arc::clone(&done);
        rayon::spawn_broadcast(move |context| {
            if Some(context.index()) == caller {
                return;
            }
            // Runs the jobs the caller's regions publish, as soon as they are published.
            while !spinning.load(Ordering::Acquire) {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::hint::spin_loop();
                }
            }
        });
        let _release = Release(done);
        work()
    })
}

/// Releases the spinning threads when `in_pool`'s work ends, by returning or unwinding.
struct Release(Arc<AtomicBool>);

impl Drop for Release {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

/// A value that jobs update one after another on a thread of the pool while the caller goes on
/// with its own work: the caller prepares the next piece (the host copies the next chunk of an
/// input into WASM memory) while the pool checks the last. With one thread or no pool every job
/// runs at once on the caller's thread, so the value goes through the same steps either way.
pub struct Background<T> {
    /// Exactly one of the two is set: the value, or the channel the running job returns it on.
    value: Option<T>,
    running: Option<Receiver<T>>,
}

impl<T: Send + 'static> Background<T> {
    pub fn new(value: T) -> Self {
        Background {
            value: Some(value),
            running: None,
        }
    }

    /// The value, once every job given so far has run.
    pub fn wait(&mut self) -> &mut T {
        let value = self.take();
        self.value.insert(value)
    }

    /// Runs `job` on the value after the jobs before it: on the pool (returning at once) when
    /// `worth_it` and the pool has more than one thread, else here. A small job is not worth
    /// it: waking a parked pool thread takes tens of microseconds.
    pub fn then(&mut self, worth_it: bool, job: impl FnOnce(&mut T) + Send + 'static) {
        let pool = POOL.read().unwrap().clone();
        let Some(pool) = pool.filter(|p| worth_it && p.current_num_threads() > 1) else {
            job(self.wait());
            return;
        };
        let mut value = self.take();
        let (done, running) = sync_channel(1);
        pool.spawn(move || {
            job(&mut value);
            // The receiver is gone when the caller dropped the value unfinished (an error
            // elsewhere): the value is dropped here instead.
            let _ = done.send(value);
        });
        self.running = Some(running);
    }

    /// The value, once every job has run.
    pub fn into_inner(mut self) -> T {
        self.take()
    }

    fn take(&mut self) -> T {
        match self.running.take() {
            Some(running) => running.recv().expect("a background job returns its value"),
            None => self
                .value
                .take()
                .expect("the value is here when no job runs"),
        }
    }
}
