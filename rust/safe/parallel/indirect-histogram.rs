/* racelab-rust
 * rustc: compiles
 * why: Each bin is an `AtomicU64`: `fetch_add` needs only a shared
 *   reference, so the `Fn` closure may call it from every worker, and each
 *   increment is one indivisible read-modify-write. `Relaxed` is enough:
 *   the counts publish no other data, and `install` returns only after
 *   every worker is done.
 * oracle: stdout "counted = 1000 of 1000"
 * timeout: 30
 */
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

const N: usize = 1000;
const BINS: usize = 4;

fn main() {
    // Every bin is hit by both halves of the input, i.e. by both workers.
    let bin: Vec<usize> = (0..N).map(|i| (i * 7) % BINS).collect();
    let hist: Vec<AtomicU64> = (0..BINS).map(|_| AtomicU64::new(0)).collect();
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        bin.par_iter().for_each(|&b| {
            hist[b].fetch_add(1, Ordering::Relaxed); // FIX: an atomic increment
        });
    });
    let counted: u64 = hist.iter().map(|h| h.load(Ordering::Relaxed)).sum();
    println!("counted = {} of {}", counted, N);
}
