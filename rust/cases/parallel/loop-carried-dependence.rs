/* racelab-rust
 * rustc: rejected E0502
 * why: `a[..ITERS].par_iter_mut()` lends every element of `a` out mutably
 *   for the whole loop, and the closure also reads `a[i + 1]`: "cannot borrow
 *   `a` as immutable because it is also borrowed as mutable" (E0502). The
 *   borrow checker does not know which element each call writes, only that
 *   the closure reads what the loop is writing. (Indexing `a` inside
 *   `(0..ITERS).into_par_iter().for_each` instead is E0596: a `Vec` cannot
 *   be borrowed mutably from an `Fn` closure.)
 */
use rayon::prelude::*;

const ITERS: usize = 1000;

fn main() {
    let mut a: Vec<i32> = (0..=ITERS as i32).collect();
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        a[..ITERS]
            .par_iter_mut()
            .enumerate()
            .for_each(|(i, x)| *x = a[i + 1] + 1); // BUG: reads what another call writes
    });
    // In order, each a[i] = old a[i + 1] + 1 = i + 2.
    let differing = (0..ITERS).filter(|&i| a[i] != i as i32 + 2).count();
    println!("elements differing from the sequential loop = {}", differing);
}
