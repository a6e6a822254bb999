/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: `HITS.store(HITS.load(SeqCst) + 1, SeqCst)` on a
 *   `static AtomicU64` is safe code with no data race, since every access is
 *   atomic, but the increment is two operations, and a store from another
 *   thread between them is overwritten. Channels force B's increment between
 *   A's load and A's store once, so one increment is lost in every run.
 * symptom: wrong-result
 * oracle: stdout "increments kept: 2000 of 2000"
 * timeout: 30
 */
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::mpsc;
use std::thread;

const PER_THREAD: u64 = 1000;

static HITS: AtomicU64 = AtomicU64::new(0);

fn increment() {
    // BUG: two atomic operations, not one: a store can come in between
    HITS.store(HITS.load(SeqCst) + 1, SeqCst);
}

fn main() {
    // Force the bad interleaving once: A loads, B increments, A stores.
    let (a_loaded_tx, a_loaded_rx) = mpsc::channel();
    let (b_incremented_tx, b_incremented_rx) = mpsc::channel();
    let (a_stored_tx, a_stored_rx) = mpsc::channel();
    let a = thread::spawn(move || {
        for _ in 0..PER_THREAD - 1 {
            increment();
        }
        // The last increment, with B's increment forced between its two halves.
        let seen = HITS.load(SeqCst);
        a_loaded_tx.send(()).unwrap();
        b_incremented_rx.recv().unwrap();
        HITS.store(seen + 1, SeqCst); // BUG: overwrites B's increment
        a_stored_tx.send(()).unwrap();
    });
    let b = thread::spawn(move || {
        a_loaded_rx.recv().unwrap();
        increment(); // lands between A's load and A's store
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
        HITS.load(SeqCst),
        2 * PER_THREAD
    );
}
