/* racelab-rust
 * rustc: compiles
 * why: `par_iter().sum()` is Rayon's reduction: each worker sums its own
 *   pieces of the slice and Rayon adds the partial sums when the pieces
 *   join, so no two threads ever write the same variable.
 * oracle: stdout "sum = 450000"
 * timeout: 30
 */
use rayon::prelude::*;

const N: usize = 100_000;

fn main() {
    let a: Vec<i64> = (0..N as i64).map(|i| i % 10).collect();
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let sum: i64 = pool.install(|| a.par_iter().sum()); // FIX: a reduction
    println!("sum = {}", sum);
}
