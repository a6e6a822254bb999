/* racelab-rust
 * rustc: compiles
 * why: `filter(..).collect()` lets Rayon build the output: each worker
 *   collects its own pieces, and Rayon joins them in input order, so no two
 *   threads share a cursor (the per-thread buffers of the C discipline).
 * oracle: stdout "selected = 334 of 334, missing = 0"
 * timeout: 30
 */
use rayon::prelude::*;

const N: usize = 1000;

fn main() {
    let input: Vec<usize> = (0..N).collect();
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let out: Vec<usize> = pool.install(|| {
        input.par_iter().copied().filter(|x| x % 3 == 0).collect() // FIX: no shared cursor
    });
    // Every multiple of 3 below N must be in `out` exactly once.
    let mut seen = vec![false; N];
    for &x in &out {
        seen[x] = true;
    }
    let want = (0..N).step_by(3).count();
    let missing = (0..N).step_by(3).filter(|&x| !seen[x]).count();
    println!("selected = {} of {}, missing = {}", out.len(), want, missing);
}
