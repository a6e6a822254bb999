/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: `compare_exchange_weak` returns a `Result` that is
 *   `#[must_use]`, so dropping it on the floor is only a warning, and `let _ =`
 *   silences even that. A failed exchange stores nothing, and nobody retries.
 *   Channels force B's increment between A's load and A's exchange once, so
 *   A's exchange fails and one increment is lost in every run.
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
    let old = HITS.load(SeqCst);
    // BUG: one attempt; if it fails, the increment is dropped
    let _ = HITS.compare_exchange_weak(old, old + 1, SeqCst, SeqCst);
}

fn main() {
    // Force the failing exchange once: A loads, B increments, A exchanges.
    let (a_loaded_tx, a_loaded_rx) = mpsc::channel();
    let (b_incremented_tx, b_incremented_rx) = mpsc::channel();
    let (a_exchanged_tx, a_exchanged_rx) = mpsc::channel();
    let a = thread::spawn(move || {
        for _ in 0..PER_THREAD - 1 {
            increment();
        }
        // The last increment, with B's increment forced between load and exchange.
        let old = HITS.load(SeqCst);
        a_loaded_tx.send(()).unwrap();
        b_incremented_rx.recv().unwrap();
        // BUG: fails (`HITS` is no longer `old`), and nobody retries
        let _ = HITS.compare_exchange_weak(old, old + 1, SeqCst, SeqCst);
        a_exchanged_tx.send(()).unwrap();
    });
    let b = thread::spawn(move || {
        a_loaded_rx.recv().unwrap();
        increment(); // lands between A's load and A's exchange
        b_incremented_tx.send(()).unwrap();
        a_exchanged_rx.recv().unwrap();
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
