/* racelab-rust
 * rustc: compiles
 * why: The counter is a `static AtomicU64`, shared by reference with no
 *   `unsafe`, and each increment is one atomic `fetch_add`. `Relaxed` is
 *   enough: the counter publishes no other data, and `join()` orders every
 *   increment before main's load.
 * oracle: stdout "counter = 200000"
 * timeout: 30
 */
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

const NTHREADS: usize = 2;
const ITERS: u64 = 100_000;

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn main() {
    let start = Arc::new(Barrier::new(NTHREADS)); // both threads start counting together
    let handles: Vec<_> = (0..NTHREADS)
        .map(|_| {
            let start = Arc::clone(&start);
            thread::spawn(move || {
                start.wait();
                for _ in 0..ITERS {
                    COUNTER.fetch_add(1, Ordering::Relaxed); // FIX: one atomic read-modify-write
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("counter = {}", COUNTER.load(Ordering::Relaxed));
}
