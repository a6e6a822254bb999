/* racelab-rust
 * rustc: rejected E0506
 * why: Each scoped thread's closure reads `i`, so it borrows `i` (the Rust
 *   form of handing the thread `&i`), and the borrow lasts as long as the
 *   thread may run: until the end of the scope. The loop's `i += 1` then
 *   assigns to a borrowed variable, which rustc rejects (E0506: cannot assign
 *   to `i` because it is borrowed). With `thread::spawn` the closure would be
 *   rejected first, for borrowing a local it may outlive (E0373).
 */
use std::thread;

const NTHREADS: i32 = 4;

fn main() {
    let mut i = 0;
    let sum: i32 = thread::scope(|s| {
        let mut handles = Vec::new();
        while i < NTHREADS {
            handles.push(s.spawn(|| i)); // BUG: every thread borrows the same `i`
            i += 1; // E0506: `i` is borrowed by the threads
        }
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!("sum of ids = {}", sum);
}
