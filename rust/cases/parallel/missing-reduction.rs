/* racelab-rust
 * rustc: rejected E0596
 * why: Rayon's `for_each` takes an `Fn + Sync + Send` closure, because it may
 *   call it from several threads at once. `sum += x` (with `x: &i64`) calls
 *   `AddAssign::add_assign(&mut sum, x)`, which needs a mutable borrow of the
 *   captured `sum`, and an `Fn` closure may only borrow its captures shared:
 *   "cannot borrow `sum` as mutable, as it is a captured variable in a `Fn`
 *   closure" (E0596). (Written `sum += *x`, the same idea is E0594: cannot
 *   assign to `sum`.)
 */
use rayon::prelude::*;

const N: usize = 100_000;

fn main() {
    let a: Vec<i64> = (0..N as i64).map(|i| i % 10).collect();
    let mut sum: i64 = 0;
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        a.par_iter().for_each(|x| sum += x); // BUG: every worker adds into the one `sum`
    });
    println!("sum = {}", sum);
}
