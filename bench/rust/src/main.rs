//! fib: one measurement of three fib jobs, in one variant, at one size.
//!
//!     fib VARIANT N [JOBS]    one JSON line on stdout (the runner's contract)
//!     fib --list              the variants, one per line
//!
//! Exit status 0 when it ran, 2 on bad arguments (usage on stderr).

mod fib;
mod variants;

use std::env;
use std::process;

use variants::{Params, VARIANTS};

const USAGE: &str = "usage: fib VARIANT N [JOBS]   (JOBS defaults to 3)\n       fib --list\n\
environment: BENCH_THREADS (default: the online cores), BENCH_REPEATS (how many\ntimes to repeat a measurement, the fastest reported; default 1, at most 1000)";

/// A rayon-join job forks down to N - SPLIT_DEPTH and computes the leaves
/// sequentially: the rule of bench/c's omp-tasks and pthreads-split, so the
/// C and Rust fine-grained curves split the same tree. 34 leaves per job,
/// each fib(N-7) or fib(N-8) (bench/c/fib.c says why that depth).
const SPLIT_DEPTH: u32 = 6;
const DEFAULT_JOBS: usize = 3;
/// JOBS * fib(MAX_N) must fit u64; more jobs would also only repeat work.
const MAX_JOBS: usize = 1000;
/// BENCH_THREADS's bound, bench/c's as well.
const MAX_THREADS: usize = 1024;

fn usage_error(message: &str) -> ! {
    eprintln!("fib: {}\n{}", message, USAGE);
    process::exit(2);
}

fn parse<T: std::str::FromStr>(what: &str, text: &str) -> T {
    text.parse().unwrap_or_else(|_| {
        usage_error(&format!(
            "{} must be a non-negative integer, not '{}'",
            what, text
        ))
    })
}

/// An integer in 1..=max from the environment, or `default` when unset or empty.
fn env_count(name: &str, default: usize, max: usize) -> usize {
    match env::var(name) {
        Ok(text) if !text.is_empty() => match text.parse() {
            Ok(count) if count > 0 && count <= max => count,
            _ => usage_error(&format!(
                "{} must be an integer from 1 to {}, not '{}'",
                name, max, text
            )),
        },
        _ => default,
    }
}

fn online_cores() -> usize {
    // SAFETY: sysconf has no preconditions.
    let cores = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    if cores > 0 {
        cores as usize
    } else {
        1
    }
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--list") if args.len() == 1 => {
            for variant in VARIANTS {
                println!("{}", variant.name);
            }
            return;
        }
        Some("-h") | Some("--help") if args.len() == 1 => {
            println!("{}", USAGE);
            return;
        }
        _ => {}
    }
    if args.len() < 2 || args.len() > 3 {
        usage_error("expected VARIANT N [JOBS]");
    }
    let variant = variants::find(&args[0])
        .unwrap_or_else(|| usage_error(&format!("unknown variant '{}' (see fib --list)", args[0])));
    let n: u32 = parse("N", &args[1]);
    if n > fib::MAX_N {
        usage_error(&format!("N must be at most {}", fib::MAX_N));
    }
    let jobs: usize = args.get(2).map_or(DEFAULT_JOBS, |text| parse("JOBS", text));
    if jobs == 0 || jobs > MAX_JOBS {
        usage_error(&format!("JOBS must be between 1 and {}", MAX_JOBS));
    }
    // Checked after the clock stopped, against an independent computation.
    let expected = fib::fib_iterative(n) * jobs as u64;
    let params = Params {
        n,
        jobs,
        threads: env_count("BENCH_THREADS", online_cores(), MAX_THREADS),
        cutoff: n.saturating_sub(SPLIT_DEPTH),
        repeats: env_count("BENCH_REPEATS", 1, variants::MAX_REPEATS),
        expected,
    };

    let run = (variant.run)(params);

    // bench/c's JSON line, field for field: unpaired (seq) prints null.
    let (baseline, speedup) = match run.paired {
        Some((base, speedup)) => (format!("{:.9}", base), format!("{:.4}", speedup)),
        None => ("null".to_string(), "null".to_string()),
    };
    println!(
        "{{\"bench\":\"fib\",\"lang\":\"rust\",\"variant\":\"{}\",\"n\":{},\"jobs\":{},\
         \"threads\":{},\"repeats\":{},\"seconds\":{:.9},\"baseline_seconds\":{},\
         \"paired_speedup\":{},\"result\":{},\"correct\":{}}}",
        variant.name,
        n,
        jobs,
        run.threads,
        run.repeats,
        run.seconds,
        baseline,
        speedup,
        run.result,
        run.result == expected
    );
}
