/* racelab-rust
 * rustc: compiles
 * why: The increment is one atomic read-modify-write, `fetch_add`: no store
 *   can come between its load and its store, so B's increment, forced into
 *   the same place as in the buggy twin, is kept. `Relaxed` is enough: the
 *   counter publishes nothing, and `join()` orders every increment before
 *   main's load.
 * oracle: stdout "increments kept: 2000 of 2000"
 * timeout: 30
 */
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::mpsc;
use std::thread;

const PER_THREAD: u64 = 1000;

static HITS: AtomicU64 = AtomicU64::new(0);

fn increment() {
    HITS.fetch_add(1, Relaxed); // FIX: one indivisible read-modify-write
}

fn main() {
    // Kept from the buggy twin: B's increment comes in the middle of A's last
    // one, which no longer has a middle.
    let (a_loaded_tx, a_loaded_rx) = mpsc::channel();
    let (b_incremented_tx, b_incremented_rx) = mpsc::channel();
    let (a_stored_tx, a_stored_rx) = mpsc::channel();
    let a = thread::spawn(move || {
        for _ in 0..PER_THREAD - 1 {
            increment();
        }
        a_loaded_tx.send(()).unwrap();
        b_incremented_rx.recv().unwrap();
        increment();
        a_stored_tx.send(()).unwrap();
    });
    let b = thread::spawn(move || {
        a_loaded_rx.recv().unwrap();
        increment();
        b_incremented_tx.send(()).unwrap();
        a_stored_rx.recv().unwrap();
        for _ in 1..PER_THREAD {
            increment();
        }
    });
    a.join().unwrap();
    b.join().unwrap();
    println!(
        "increments kept: {} of {}",
        HITS.load(Relaxed),
        2 * PER_THREAD
    );
}
