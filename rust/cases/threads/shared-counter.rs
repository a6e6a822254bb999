/* racelab-rust
 * rustc: rejected E0499
 * why: Both scoped threads' closures capture `counter` by mutable reference
 *   to do `counter += 1`, and the borrow checker allows only one `&mut` to a
 *   value at a time: the second closure is rejected (E0499: cannot borrow
 *   `counter` as mutable more than once at a time). With `thread::spawn`
 *   instead of scoped threads, the closure would be rejected first for
 *   borrowing a local that it may outlive (E0373).
 */
use std::thread;

const ITERS: u64 = 100_000;

fn main() {
    let mut counter: u64 = 0;
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..ITERS {
                counter += 1; // BUG: two threads, one unsynchronised counter
            }
        });
        s.spawn(|| {
            for _ in 0..ITERS {
                counter += 1; // E0499: a second mutable borrow of `counter`
            }
        });
    });
    println!("counter = {}", counter);
}
