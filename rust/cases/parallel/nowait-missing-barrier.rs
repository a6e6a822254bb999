/* racelab-rust
 * rustc: rejected E0502
 * why: Rayon has no `nowait`: a `for_each` returns only when all its work is
 *   done. The nearest thing is running both loops at once with
 *   `rayon::join`, and then the first closure borrows `sq` mutably (it fills
 *   it) while the second reads it: "cannot borrow `sq` as immutable because
 *   it is also borrowed as mutable" (E0502). Two loops may overlap in time
 *   only if neither reads what the other writes.
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
        // BUG: the second loop does not wait for the first
        rayon::join(
            || sq.par_iter_mut().enumerate().for_each(|(i, s)| *s = a[i] * a[i]),
            || {
                diff.par_iter_mut().enumerate().for_each(|(i, d)| {
                    *d = if i + 1 < N { sq[i + 1] - sq[i] } else { 0 };
                })
            },
        );
    });
    // (i + 1)^2 - i^2 = 2i + 1
    let wrong = (0..N - 1).filter(|&i| diff[i] != 2 * i as i64 + 1).count();
    println!("wrong elements = {}", wrong);
}
