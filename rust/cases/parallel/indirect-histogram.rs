/* racelab-rust
 * rustc: rejected E0596
 * why: `hist[b] += 1` on a `Vec` goes through `IndexMut`, a mutable borrow
 *   of the captured `hist`, inside the `Fn` closure Rayon's `for_each`
 *   requires (it may run on several threads at once): "cannot borrow `hist`
 *   as mutable, as it is a captured variable in a `Fn` closure" (E0596).
 *   rustc cannot tell that the indices repeat, nor that they do not: any
 *   write through a shared capture is refused. (With a fixed-size array
 *   `[u64; BINS]` the same line is E0594: cannot assign to `hist[_]`.)
 */
use rayon::prelude::*;

const N: usize = 1000;
const BINS: usize = 4;

fn main() {
    // Every bin is hit by both halves of the input, i.e. by both workers.
    let bin: Vec<usize> = (0..N).map(|i| (i * 7) % BINS).collect();
    let mut hist = vec![0u64; BINS];
    // Two workers, like num_threads(2) in the C program.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    pool.install(|| {
        bin.par_iter().for_each(|&b| hist[b] += 1); // BUG: two workers, one bin
    });
    let counted: u64 = hist.iter().sum();
    println!("counted = {} of {}", counted, N);
}
