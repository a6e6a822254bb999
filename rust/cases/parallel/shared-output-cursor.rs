/* racelab-rust
 * rustc: rejected E0596
 * why: `Vec::push` is the C program's `out[len++] = x`: it writes at the
 *   vector's length and bumps it, so it takes `&mut self`, a mutable borrow
 *   of the captured `out` inside the `Fn` closure Rayon's `for_each`
 *   requires: "cannot borrow `out` as mutable, as it is a captured variable
 *   in a `Fn` closure" (E0596).
 */
use rayon::prelude::*;

const N: usize = 1000;

fn main() {
    let input: Vec<usize> = (0..N).collect();
    let mut out: Vec<usize> = Vec::with_capacity(N);
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        input.par_iter().for_each(|&x| {
            if x % 3 == 0 {
                out.push(x); // BUG: both workers append at the one cursor
            }
        });
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
