//! The variants: three (JOBS) fib jobs run one after the other, as tokio tasks,
//! on the tokio blocking pool, as a Rayon parallel iterator, and split finely
//! with rayon::join.
//!
//! Each variant sets up its pool first and times only the jobs: creating the
//! runtime or pool and starting its threads is a fixed cost paid once per
//! process, not per job, so it stays outside the measured region (the C
//! programs do the same with their executor and OpenMP team).

use std::sync::{Arc, Barrier};
use std::time::Instant;

use rayon::prelude::*;
use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinHandle;

use crate::fib::{fib, job, opaque};

/// What one measurement produced.
pub struct Run {
    pub result: u64,
    pub seconds: f64,
    /// Threads that ran jobs: 1 for `seq`, else the configured count.
    pub threads: usize,
    /// Timed repetitions; `seconds` is the fastest.
    pub repeats: usize,
}

/// timed() stops after this many repetitions, however short.
const MAX_REPEATS: usize = 1000;

/// The parameters every variant receives.
#[derive(Clone, Copy)]
pub struct Params {
    pub n: u32,
    pub jobs: usize,
    pub threads: usize,
    /// rayon-join: below this N a job runs sequentially.
    pub cutoff: u32,
    /// Repeat the jobs until they add up to this many seconds (BENCH_MIN_TIME).
    pub min_seconds: f64,
    /// The right sum, to keep a wrong one when a repetition returns it.
    pub expected: u64,
}

pub struct Variant {
    pub name: &'static str,
    pub run: fn(Params) -> Run,
}

pub const VARIANTS: &[Variant] = &[
    Variant {
        name: "seq",
        run: seq,
    },
    Variant {
        name: "tokio",
        run: tokio_tasks,
    },
    Variant {
        name: "tokio-blocking",
        run: tokio_blocking,
    },
    Variant {
        name: "rayon",
        run: rayon_iter,
    },
    Variant {
        name: "rayon-join",
        run: rayon_join,
    },
];

pub fn find(name: &str) -> Option<&'static Variant> {
    VARIANTS.iter().find(|v| v.name == name)
}

/// Runs `work` again and again until the repetitions add up to
/// `min_seconds` (at least once, at most MAX_REPEATS times), each between two
/// readings of the monotonic clock, and reports the fastest repetition: one
/// fib(30) run is a few milliseconds, shorter than a shared machine's slow
/// spells, which only ever slow a repetition down (timeit's rule). The
/// result is the first wrong sum, if any, else the last.
fn timed(p: Params, threads: usize, work: impl Fn() -> u64) -> Run {
    let mut times = Vec::new();
    let mut total = 0.0;
    let mut result = None;
    while times.is_empty() || (total < p.min_seconds && times.len() < MAX_REPEATS) {
        let start = Instant::now();
        let sum = work();
        let seconds = start.elapsed().as_secs_f64();
        times.push(seconds);
        total += seconds;
        if result.map_or(true, |r| r == p.expected) {
            result = Some(sum);
        }
    }
    let seconds = times.iter().cloned().fold(f64::INFINITY, f64::min);
    Run {
        result: result.expect("work ran at least once"),
        seconds,
        threads,
        repeats: times.len(),
    }
}

fn seq(p: Params) -> Run {
    timed(p, 1, || (0..p.jobs).map(|_| job(p.n)).sum())
}

/// A multi-thread runtime with one worker per thread, and as many blocking-
/// pool threads again (tokio counts those apart from the workers).
fn runtime(threads: usize) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(threads)
        .max_blocking_threads(threads)
        .build()
        .expect("cannot build the tokio runtime")
}

/// Runs `work` as a task on the async workers, or with `blocking` on the
/// blocking pool.
fn spawn<R, F>(blocking: bool, work: F) -> JoinHandle<R>
where
    R: Send + 'static,
    F: FnOnce() -> R + Send + 'static,
{
    if blocking {
        tokio::task::spawn_blocking(work)
    } else {
        tokio::spawn(async move { work() })
    }
}

/// Makes every worker (or, with `blocking`, every blocking-pool thread)
/// exist and run once before the clock starts: the workers are spawned by
/// build() but may not have started yet, and blocking threads are created on
/// the first spawn_blocking calls. The tasks meet at a barrier, so `threads`
/// distinct threads must run them. Tasks spawned from block_on's thread go to
/// the shared queue, from which a blocked worker takes no more, so this
/// cannot deadlock.
fn start_threads(rt: &Runtime, threads: usize, blocking: bool) {
    let barrier = Arc::new(Barrier::new(threads));
    rt.block_on(async {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                spawn(blocking, move || {
                    barrier.wait();
                })
            })
            .collect();
        for handle in handles {
            handle.await.expect("warm-up task failed");
        }
    });
}

/// One job per JOBS, all spawned first, then awaited in order.
fn tokio_jobs(p: Params, blocking: bool) -> Run {
    let rt = runtime(p.threads);
    start_threads(&rt, p.threads, blocking);
    timed(p, p.threads, || {
        rt.block_on(async {
            let handles: Vec<_> = (0..p.jobs)
                .map(|_| spawn(blocking, move || job(p.n)))
                .collect();
            let mut sum = 0;
            for handle in handles {
                sum += handle.await.expect("a job panicked");
            }
            sum
        })
    })
}

/// What the seed material did with tokio: one task per job on the worker
/// threads, spawned and then awaited. Each task is CPU-bound and never
/// yields, so it holds its worker for the whole job: tokio gives nothing
/// Rayon or plain threads would not, and 3 jobs on 2 workers take 2 rounds.
fn tokio_tasks(p: Params) -> Run {
    tokio_jobs(p, false)
}

/// tokio's own answer for CPU-bound or blocking work: spawn_blocking, which
/// moves the job off the async workers onto the blocking pool (here capped
/// at `threads` threads, so extra jobs queue), keeping the workers free.
fn tokio_blocking(p: Params) -> Run {
    tokio_jobs(p, true)
}

/// Rayon's global pool with `threads` threads; build_global returns once
/// every thread has started.
fn rayon_pool(threads: usize) {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .expect("cannot build the Rayon pool");
}

/// Coarse-grained: one Rayon item per job, so 3 jobs on 2 threads take 2
/// rounds, like the tokio variants.
fn rayon_iter(p: Params) -> Run {
    rayon_pool(p.threads);
    let sizes = vec![p.n; p.jobs];
    timed(p, p.threads, || sizes.par_iter().map(|&n| job(n)).sum())
}

/// Fine-grained: each job forks both recursive calls with rayon::join until
/// n < cutoff, as bench/c's omp-tasks does with OpenMP tasks. Idle threads steal
/// the forked halves, so the load balances whatever JOBS is.
fn fib_join(n: u32, cutoff: u32) -> u64 {
    if n < 2 || n < cutoff {
        return fib(n);
    }
    let (a, b) = rayon::join(|| fib_join(n - 1, cutoff), || fib_join(n - 2, cutoff));
    a + b
}

fn rayon_join(p: Params) -> Run {
    rayon_pool(p.threads);
    timed(p, p.threads, || {
        (0..p.jobs)
            .into_par_iter()
            .map(|_| fib_join(opaque(p.n), p.cutoff))
            .sum()
    })
}
