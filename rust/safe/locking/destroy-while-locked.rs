/* racelab-rust
 * rustc: compiles
 * why: The `Mutex` outlives every thread that uses it: the scoped worker
 *   borrows it, `thread::scope` joins the worker before it returns, and
 *   `stats` is dropped (destroyed) only after that, at the end of `main`. The
 *   borrow checker enforces this order.
 * oracle: stdout "total = 5050"
 * timeout: 30
 */
use std::sync::Mutex;
use std::thread;

fn main() {
    let stats = Mutex::new(0i64);
    let shared = &stats; // what the worker is given
    thread::scope(|s| {
        s.spawn(move || {
            let mut total = shared.lock().unwrap();
            for i in 1..=100 {
                *total += i;
            }
        });
    }); // FIX: the scope joins the worker here: nobody can hold the lock now
    println!("total = {}", stats.lock().unwrap());
} // `stats` is dropped here, after every use
