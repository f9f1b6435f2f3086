//! Jobs that run on the pool while the caller goes on with its own work.
use std::sync::mpsc::{sync_channel, Receiver};

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
        let pool = super::pool();
        let Some(pool) = pool.filter(|p| worth_it && p.threads.current_num_threads() > 1) else {
            job(self.wait());
            return;
        };
        let mut value = self.take();
        let (done, running) = sync_channel(1);
        pool.threads.spawn(move || {
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
