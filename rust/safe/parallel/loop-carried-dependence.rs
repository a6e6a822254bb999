/* racelab-rust
 * rustc: compiles
 * why: The closure reads only `old`, a clone taken before the loop, and
 *   writes only the element `par_iter_mut` hands it: `a` is borrowed mutably
 *   by the loop alone, `old` shared by every call, as in a double buffer.
 * oracle: stdout "elements differing from the sequential loop = 0"
 * timeout: 30
 */
use rayon::prelude::*;

const ITERS: usize = 1000;

fn main() {
    let mut a: Vec<i32> = (0..=ITERS as i32).collect();
    let old = a.clone(); // before the loop: the values every iteration reads
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        a[..ITERS]
            .par_iter_mut()
            .enumerate()
            .for_each(|(i, x)| *x = old[i + 1] + 1); // FIX: read the copy
    });
    // In order, each a[i] = old a[i + 1] + 1 = i + 2.
    let differing = (0..ITERS).filter(|&i| a[i] != i as i32 + 2).count();
    println!("elements differing from the sequential loop = {}", differing);
}
