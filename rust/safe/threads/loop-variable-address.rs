/* racelab-rust
 * rustc: compiles
 * why: `move` copies the current `i` into each closure, so every thread owns
 *   its id and nothing is shared; each id comes back through `join()`.
 * oracle: stdout "sum of ids = 6"
 * timeout: 30
 */
use std::sync::{Arc, Barrier};
use std::thread;

const NTHREADS: i32 = 4;

fn main() {
    // As in C: the workers read their id only after the loop has ended.
    let loop_done = Arc::new(Barrier::new(NTHREADS as usize + 1));
    let mut handles = Vec::new();
    for i in 0..NTHREADS {
        let loop_done = Arc::clone(&loop_done);
        handles.push(thread::spawn(move || {
            // FIX: `move` gives the thread its own copy of `i`
            loop_done.wait();
            i
        }));
    }
    loop_done.wait();
    let sum: i32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("sum of ids = {}", sum);
}
