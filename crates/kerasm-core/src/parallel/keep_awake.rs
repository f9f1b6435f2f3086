//! `in_pool`: a piece of work run with the pool's other threads kept awake, and the rule that
//! keeps that from deadlocking.
//!
//! The keep-awake job is an ordinary rayon job, and a rayon thread runs queued jobs whenever it
//! waits: inside `join`, for the half of a parallel loop another thread stole (rayon-core 1.13,
//! `join_context` → `take_local_job`, `wait_until_cold` → `find_work`), its own broadcast queue
//! comes first. A thread that stole part of one of the work's loops before it found its
//! keep-awake job (it looked at its queue just before the job was queued, then stole) could
//! so run the job *on top of* that loop; the job spun until the work ended, the work waited for
//! the loop, and the loop sat below the spinning job on the same stack: one thread at 100 %, the
//! others asleep, forever (issue 13; `tests/keep_awake_stress.rs` reproduces it natively).
//!
//! Hence the rule: a keep-awake job spins only on a thread with no unfinished loop under it.
//! Every task of a pooled loop counts its thread in [`UnfinishedLoops`] before it runs, and the
//! loop uncounts it when it ends. A thread waiting inside a loop has always run a task of it
//! first (rayon runs a split's left half before it waits for the right one, and a half holds
//! at least one task), so a keep-awake job picked up there finds its thread counted and returns
//! at once; the thread goes back to the loop. Rayon threads wait nowhere else here (the
//! caller of `in_pool` only inside the work's loops; `Background` jobs never wait), so this
//! covers every way a keep-awake job can land on a stack. A job declined by a thread that was
//! still counted for a loop that just ended only costs that region its spinning helper.
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

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
    let Some(pool) = super::pool().filter(|_| worth_it) else {
        return work();
    };
    pool.threads.install(|| {
        let done = Arc::new(AtomicBool::new(false));
        let spinning = Arc::clone(&done);
        let unfinished_loops = Arc::clone(&pool.unfinished_loops);
        rayon::spawn_broadcast(move |context| {
            // See the module doc: under an unfinished loop, spinning would wait for itself.
            if unfinished_loops.counts(context.index()) {
                return;
            }
            // Runs the jobs the work's loops publish, as soon as they are published.
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

/// By pool thread index: how many loops that thread has run a task of and that have not ended.
pub(super) struct UnfinishedLoops(Box<[AtomicUsize]>);

impl UnfinishedLoops {
    pub(super) fn new(threads: usize) -> Self {
        UnfinishedLoops((0..threads).map(|_| AtomicUsize::new(0)).collect())
    }

    /// Whether `thread` has run a task of a loop that has not ended (may be under it now).
    ///
    /// Relaxed is enough: what matters is a thread seeing its own count go up, which program
    /// order gives; a late view of another thread's decrement only makes a job decline to spin.
    fn counts(&self, thread: usize) -> bool {
        self.0
            .get(thread)
            .is_some_and(|count| count.load(Ordering::Relaxed) != 0)
    }

    /// A loop about to run on the pool: its tasks call [`RunningLoop::enter`].
    pub(super) fn start(&self) -> RunningLoop<'_> {
        RunningLoop {
            unfinished: self,
            ran_on: (0..self.0.len()).map(|_| AtomicBool::new(false)).collect(),
        }
    }
}

/// One pooled loop, counting the threads that run its tasks until it is dropped (after the
/// loop returned or unwound, so after its last task).
pub(super) struct RunningLoop<'a> {
    unfinished: &'a UnfinishedLoops,
    /// By pool thread index: whether that thread has run a task of this loop.
    ran_on: Box<[AtomicBool]>,
}

impl RunningLoop<'_> {
    /// Called first by every task, on whichever pool thread runs it.
    pub(super) fn enter(&self) {
        let Some(thread) = rayon::current_thread_index() else {
            return;
        };
        if let (Some(ran), Some(count)) = (self.ran_on.get(thread), self.unfinished.0.get(thread)) {
            if !ran.load(Ordering::Relaxed) && !ran.swap(true, Ordering::Relaxed) {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

impl Drop for RunningLoop<'_> {
    /// Rayon's `join` latches order every task before the loop's return, so the flags the tasks
    /// set are all seen here.
    fn drop(&mut self) {
        for (ran, count) in self.ran_on.iter().zip(self.unfinished.0.iter()) {
            if ran.load(Ordering::Relaxed) {
                count.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
}
