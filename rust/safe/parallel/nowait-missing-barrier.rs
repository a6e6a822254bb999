/* racelab-rust
 * rustc: compiles
 * why: Two Rayon loops, one after the other: the first `for_each` returns
 *   only when every element of `sq` is written (Rayon's fork-join is the
 *   barrier), and only then does the second loop borrow `sq` shared.
 * oracle: stdout "wrong elements = 0"
 * timeout: 30
 */
use rayon::prelude::*;

const N: usize = 1000;

fn main() {
    let a: Vec<i64> = (0..N as i64).collect();
    let mut sq = vec![0i64; N];
    let mut diff = vec![0i64; N];
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        sq.par_iter_mut().enumerate().for_each(|(i, s)| *s = a[i] * a[i]);
        // FIX: the loop above has returned: every sq element is written
        diff.par_iter_mut().enumerate().for_each(|(i, d)| {
            *d = if i + 1 < N { sq[i + 1] - sq[i] } else { 0 };
        });
    });
    // (i + 1)^2 - i^2 = 2i + 1
    let wrong = (0..N - 1).filter(|&i| diff[i] != 2 * i as i64 + 1).count();
    println!("wrong elements = {}", wrong);
}
