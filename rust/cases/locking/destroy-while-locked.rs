/* racelab-rust
 * rustc: rejected E0505
 * why: Destroying the lock is dropping the `Mutex` (and the total inside it).
 *   The worker holds a reference to `stats` for as long as its scoped thread
 *   may run, so `drop(stats)` before the join is "cannot move out of `stats`
 *   because it is borrowed" (E0505): a `Mutex` cannot be destroyed while a
 *   thread may still hold or take it. (Shared as an `Arc<Mutex<_>>`, dropping
 *   main's handle would not destroy the lock: the worker's handle keeps it
 *   alive.)
 */
use std::sync::Mutex;
use std::thread;

fn main() {
    let stats = Mutex::new(0i64);
    let shared = &stats; // what the worker is given
    let total = thread::scope(|s| {
        let worker = s.spawn(move || {
            let mut total = shared.lock().unwrap();
            for i in 1..=100 {
                *total += i;
            }
            *total
        });
        drop(stats); // BUG: the worker may still hold the lock
        worker.join().unwrap() // the join comes too late
    });
    println!("total = {}", total);
}
