/* racelab-rust
 * rustc: compiles
 * why: `tmp` is a `let` inside the closure, so each call owns its own
 *   scratch variable and `&mut tmp` borrows only that; the closure captures
 *   `input` shared and writes only the element `par_iter_mut` hands it.
 * oracle: stdout "wrong elements = 0"
 * timeout: 30
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
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        out.par_iter_mut().enumerate().for_each(|(i, o)| {
            let mut tmp = 0; // FIX: declared in the loop body: one per call
            calibrate(input[i], &mut tmp);
            *o = tmp;
        });
    });
    let wrong = (0..N).filter(|&i| out[i] != input[i] * 3 + 1).count();
    println!("wrong elements = {}", wrong);
}
