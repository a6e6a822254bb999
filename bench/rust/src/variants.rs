//! The variants: three (JOBS) fib jobs run one after the other, as tokio tasks,
//! on the tokio blocking pool, as a Rayon parallel iterator, and split finely
//! with rayon::join.
//!
//! Each variant sets up its pool first and times only the jobs: creating the
//! runtime or pool and starting its threads is a fixed cost paid once per
//! process, not per job, so it stays outside the measured region (the C
//! programs do the same with their executor and OpenMP team).

use std::sync::atomic::{AtomicUsize, Ordering};
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
    /// Paired with `seq` (every variant but seq itself): seq's fastest time
    /// and the median over the pairs of seq's time / the variant's.
    pub paired: Option<(f64, f64)>,
}

/// BENCH_REPEATS's bound, bench/c's as well.
pub const MAX_REPEATS: usize = 1000;

/// The parameters every variant receives.
#[derive(Clone, Copy)]
pub struct Params {
    pub n: u32,
    pub jobs: usize,
    pub threads: usize,
    /// rayon-join: below this N a job runs sequentially.
    pub cutoff: u32,
    /// Run the jobs this many times, the fastest reported (BENCH_REPEATS).
    pub repeats: usize,
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

/// One timed call of `work`: its answer and its seconds.
fn time_once(work: &impl Fn() -> u64) -> (u64, f64) {
    let start = Instant::now();
    let sum = work();
    (sum, start.elapsed().as_secs_f64())
}

/// The jobs one after the other: the `seq` variant, and every other
/// variant's baseline.
fn seq_jobs(p: Params) -> u64 {
    (0..p.jobs).map(|_| job(p.n)).sum()
}

/// Runs `work` `p.repeats` times, each between two readings of the
/// monotonic clock, and reports the fastest repetition: one fib(30) run is a
/// few milliseconds, shorter than a shared machine's slow spells, which only
/// ever slow a repetition down (timeit's rule). The count is the same for
/// every variant the runner compares, never a time budget, which would give
/// the faster variants more chances at a lucky minimum. The result is the
/// first wrong sum, if any, else the last.
///
/// With `paired`, every repetition is a pair, seq's jobs and `work` back to
/// back in alternating order, and the speed-up is the median over the pairs
/// of seq's time / work's: a slow spell of the host lasts longer than a
/// pair, so both halves meet it and the ratio holds (bench/c's
/// bench_repeat does the same).
fn timed(p: Params, threads: usize, paired: bool, work: impl Fn() -> u64) -> Run {
    let baseline = || seq_jobs(p);
    let mut fastest = f64::INFINITY;
    let mut fastest_base = f64::INFINITY;
    let mut ratios = Vec::new();
    let mut result = None;
    for i in 0..p.repeats.max(1) {
        let mut base = None;
        if paired && i % 2 == 0 {
            base = Some(time_once(&baseline));
        }
        let (sum, seconds) = time_once(&work);
        if paired && i % 2 == 1 {
            base = Some(time_once(&baseline));
        }
        fastest = fastest.min(seconds);
        // The first wrong sum, the baseline's included, is the one kept.
        let mut sums = vec![sum];
        if let Some((base_sum, base_seconds)) = base {
            fastest_base = fastest_base.min(base_seconds);
            ratios.push(base_seconds / seconds);
            sums.push(base_sum);
        }
        for sum in sums {
            if result.map_or(true, |r| r == p.expected) {
                result = Some(sum);
            }
        }
    }
    ratios.sort_by(|a, b| a.partial_cmp(b).expect("times are numbers"));
    let median = match ratios.len() {
        0 => None,
        n if n % 2 == 1 => Some(ratios[n / 2]),
        n => Some((ratios[n / 2 - 1] + ratios[n / 2]) / 2.0),
    };
    Run {
        result: result.expect("work ran at least once"),
        seconds: fastest,
        threads,
        repeats: p.repeats.max(1),
        paired: median.map(|m| (fastest_base, m)),
    }
}

fn seq(p: Params) -> Run {
    timed(p, 1, false, || seq_jobs(p))
}

/// Binds the calling thread to the `i`-th CPU the process may use (round
/// robin), as bench/c binds its executor's workers and scripts/bench binds
/// OpenMP's threads (OMP_PROC_BIND=close): every pool in the comparison is
/// pinned one thread per core. Unpinned on this two-vCPU VM, Rayon's
/// `par_iter` reached a median 1.14x and `join` 1.33x at fib(30) x3, pinned
/// 1.41x and 1.72x (6 processes of 30 pairs each, side by side).
/// A mask that cannot be applied (a container's narrower one) leaves the
/// thread unbound: the measurement still runs.
fn bind_to_cpu(i: usize) {
    // SAFETY: cpu_set_t is plain data, zeroed is the empty set; the calls
    // read and write only the set passed by reference, for thread 0 (self).
    unsafe {
        let mut allowed: libc::cpu_set_t = std::mem::zeroed();
        let size = std::mem::size_of::<libc::cpu_set_t>();
        if libc::sched_getaffinity(0, size, &mut allowed) != 0 {
            return;
        }
        let cpus: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &allowed))
            .collect();
        if cpus.is_empty() {
            return;
        }
        let mut one: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpus[i % cpus.len()], &mut one);
        libc::sched_setaffinity(0, size, &one);
    }
}

/// A multi-thread runtime with one worker per thread, and as many blocking-
/// pool threads again (tokio counts those apart from the workers), each
/// bound to a core as it starts, round robin.
fn runtime(threads: usize) -> Runtime {
    let started = AtomicUsize::new(0);
    Builder::new_multi_thread()
        .worker_threads(threads)
        .max_blocking_threads(threads)
        .on_thread_start(move || bind_to_cpu(started.fetch_add(1, Ordering::Relaxed)))
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
    timed(p, p.threads, true, || {
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

/// Rayon's global pool with `threads` threads, thread i bound to the i-th
/// core; build_global returns once every thread has started.
fn rayon_pool(threads: usize) {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .start_handler(bind_to_cpu)
        .build_global()
        .expect("cannot build the Rayon pool");
}

/// Coarse-grained: one Rayon item per job, so 3 jobs on 2 threads take 2
/// rounds, like the tokio variants.
fn rayon_iter(p: Params) -> Run {
    rayon_pool(p.threads);
    let sizes = vec![p.n; p.jobs];
    timed(p, p.threads, true, || {
        sizes.par_iter().map(|&n| job(n)).sum()
    })
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
    timed(p, p.threads, true, || {
        (0..p.jobs)
            .into_par_iter()
            .map(|_| fib_join(opaque(p.n), p.cutoff))
            .sum()
    })
}
