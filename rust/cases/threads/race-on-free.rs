/* racelab-rust
 * rustc: rejected E0505
 * why: `shared` is the pointer main hands to the worker: a mutable borrow of
 *   `array` that the scoped worker keeps for as long as it may run, the end of
 *   the scope. `drop(array)` in the middle of the scope moves (and frees) the
 *   vector while that borrow is alive, and rustc rejects it (E0505: cannot
 *   move out of `array` because it is borrowed). With `thread::spawn`, the
 *   borrowing closure would be rejected first, as it may outlive `array`
 *   (E0373).
 */
use std::thread;

const LEN: usize = 16;

fn main() {
    let mut array = vec![0i32; LEN];
    let shared = &mut array; // what the worker gets, as `array` in C
    let wrote = thread::scope(|s| {
        let worker = s.spawn(move || {
            shared[10] += 1; // the worker still uses the vector...
            shared[10]
        });
        drop(array); // BUG, E0505: ...which main frees here
        worker.join().unwrap()
    });
    println!("worker wrote array[10] = {}", wrote);
}
