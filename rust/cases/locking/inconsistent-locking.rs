/* racelab-rust
 * rustc: rejected E0499
 * why: Written as in C, the lock is kept beside the data it is meant to guard:
 *   a `Mutex<()>` and a plain `balance`. Rust does not know that the lock
 *   guards the balance; it only sees two threads that both mutate `balance`,
 *   so both closures borrow it mutably at the same time: "cannot borrow
 *   `balance` as mutable more than once at a time" (E0499), whether or not one
 *   of them takes the lock. Idiomatic Rust puts the balance inside the lock.
 */
use std::sync::{Barrier, Mutex};
use std::thread;

const ROUNDS: i64 = 1000;

fn main() {
    let lock = Mutex::new(()); // meant to guard `balance`
    let mut balance: i64 = 100;
    let start = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            start.wait(); // both threads start together
            for _ in 0..ROUNDS {
                let _held = lock.lock().unwrap(); // deposit: locks
                balance += 1;
            }
        });
        s.spawn(|| {
            start.wait();
            for _ in 0..ROUNDS {
                balance -= 1; // BUG: withdraw: no lock
            }
        });
    });
    println!("balance = {}", balance);
}
