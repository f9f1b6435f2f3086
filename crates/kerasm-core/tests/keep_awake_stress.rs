//! Stress of `parallel::in_pool` on a pool of 2 beside busy threads: many short pooled regions,
//! each a few parallel loops, as an epoch of small batches runs them. It once deadlocked: a pool
//! thread waiting inside a loop's `join` picked up the region's keep-awake job and spun on top of
//! the loop it had to finish (issue 13). A watchdog here turns a stall into a failed test.
//!
//! Ignored by default (it runs for a while); run it with
//! `KERASM_STRESS_SECS=60 cargo test -p kerasm-core --test keep_awake_stress -- --ignored`.
use kerasm_core::parallel;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// No region finishing for this long is a stall: a region takes microseconds.
const STALL: Duration = Duration::from_secs(3);

fn seconds_from_env() -> u64 {
    std::env::var("KERASM_STRESS_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
}

/// Some microseconds of arithmetic that the optimiser cannot drop.
fn small_work(seed: usize) -> u64 {
    let mut x = seed as u64 | 1;
    for _ in 0..2_000 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
    }
    x
}

/// One region: a few parallel loops of a few tasks each, like one batch's products.
fn region(sink: &AtomicU64) {
    parallel::in_pool(true, || {
        for loop_index in 0..4 {
            parallel::for_each_task(6, |task| {
                sink.fetch_xor(small_work(loop_index * 8 + task), Ordering::Relaxed);
            });
        }
    });
}

/// Prints every thread's stack (gdb attached from outside, as `scripts/stress-threads.mjs`
/// does), so a stall shows where each thread waits; skipped when gdb is missing.
fn dump_threads() {
    let pid = std::process::id().to_string();
    // gdb writes straight to our stderr: a pipe read by this (stopped) process would fill.
    let gdb = std::process::Command::new("gdb")
        .args(["-p", &pid, "-batch", "-ex", "thread apply all bt"])
        .stdout(std::process::Stdio::inherit())
        .status();
    if let Err(error) = gdb {
        eprintln!("no thread dump (gdb: {error})");
    }
}

#[test]
#[ignore = "a minutes-long stress run; see the module doc"]
fn pooled_regions_never_stall_beside_busy_threads() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    parallel::set_pool(Some(pool));

    let stop = Arc::new(AtomicBool::new(false));
    let busy: Vec<_> = (0..2 * thread::available_parallelism().map_or(2, |n| n.get()))
        .map(|_| {
            let stop = Arc::clone(&stop);
            thread::spawn(move || {
                // Short naps: each wake-up preempts a pool thread at a random point, as the
                // busy processes beside a user's training do.
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..20 {
                        std::hint::black_box(small_work(7));
                    }
                    thread::sleep(Duration::from_micros(30));
                }
            })
        })
        .collect();

    let regions = Arc::new(AtomicU64::new(0));
    let runner = {
        let (regions, stop) = (Arc::clone(&regions), Arc::clone(&stop));
        thread::spawn(move || {
            let sink = AtomicU64::new(0);
            while !stop.load(Ordering::Relaxed) {
                region(&sink);
                regions.fetch_add(1, Ordering::Relaxed);
            }
        })
    };

    let (start, run_for) = (Instant::now(), Duration::from_secs(seconds_from_env()));
    let (mut last, mut last_change) = (0, Instant::now());
    let stalled = loop {
        thread::sleep(Duration::from_millis(50));
        let now = regions.load(Ordering::Relaxed);
        if now != last {
            (last, last_change) = (now, Instant::now());
        } else if last_change.elapsed() > STALL {
            break true;
        }
        if start.elapsed() > run_for {
            break false;
        }
    };
    if stalled {
        dump_threads();
    }
    stop.store(true, Ordering::Relaxed);
    for thread in busy {
        thread.join().unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!("keep-awake stress: {last} pooled regions in {secs:.1} s, stalled: {stalled}");
    assert!(
        !stalled,
        "stalled after {last} pooled regions ({secs:.1} s): no region finished for {STALL:?}"
    );
    runner.join().unwrap();
    parallel::set_pool(None);
}
