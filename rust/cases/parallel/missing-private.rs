/* racelab-rust
 * rustc: rejected E0596
 * why: The scratch variable `tmp` is declared outside the parallel loop, as
 *   in the C program, and every call of the closure passes `&mut tmp` to
 *   `calibrate`. Rayon's `for_each` takes an `Fn` closure (it may run on
 *   several threads at once), which may only borrow its captures shared:
 *   "cannot borrow `tmp` as mutable, as it is a captured variable in a `Fn`
 *   closure" (E0596).
 */
use rayon::prelude::*;

const N: usize = 1000;

// Returns its result through an out-parameter, like the C helper.
fn calibrate(raw: i32, result: &mut i32) {
    *result = raw * 3 + 1;
}

fn main() {
    let input: Vec<i32> = (0..N as i32).collect();
    let mut out = vec![0i32; N];
    let mut tmp = 0i32; // BUG: outside the loop, so shared by every call
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        out.par_iter_mut().enumerate().for_each(|(i, o)| {
            calibrate(input[i], &mut tmp);
            *o = tmp;
        });
    });
    let wrong = (0..N).filter(|&i| out[i] != input[i] * 3 + 1).count();
    println!("wrong elements = {}", wrong);
}
