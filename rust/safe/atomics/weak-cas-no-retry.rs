/* racelab-rust
 * rustc: compiles
 * why: The caller owns the retry: `while let Err(now) =
 *   HITS.compare_exchange_weak(old, old + 1, ..)` takes the current value
 *   from the error and tries again, until the exchange has stored `old + 1`
 *   over exactly the value it was computed from; spurious failures of the
 *   weak form are absorbed by the same loop. (`fetch_update` is this loop;
 *   for a plain increment, `fetch_add`.)
 * oracle: stdout "increments kept: 2000 of 2000"
 * timeout: 30
 */
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::mpsc;
use std::thread;

const PER_THREAD: u64 = 1000;

static HITS: AtomicU64 = AtomicU64::new(0);

// FIX: retry until the exchange succeeds; a failure hands back the current value.
fn add_one(mut old: u64) {
    while let Err(now) = HITS.compare_exchange_weak(old, old + 1, Relaxed, Relaxed) {
        old = now;
    }
}

fn increment() {
    add_one(HITS.load(Relaxed));
}

fn main() {
    // Kept from the buggy twin: B's increment comes between A's load and A's
    // first exchange, which therefore fails and is retried.
    let (a_loaded_tx, a_loaded_rx) = mpsc::channel();
    let (b_incremented_tx, b_incremented_rx) = mpsc::channel();
    let (a_exchanged_tx, a_exchanged_rx) = mpsc::channel();
    let a = thread::spawn(move || {
        for _ in 0..PER_THREAD - 1 {
            increment();
        }
        let old = HITS.load(Relaxed);
        a_loaded_tx.send(()).unwrap();
        b_incremented_rx.recv().unwrap();
        add_one(old); // the first attempt fails, the second succeeds
        a_exchanged_tx.send(()).unwrap();
    });
    let b = thread::spawn(move || {
        a_loaded_rx.recv().unwrap();
        increment(); // lands between A's load and A's first exchange
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
        HITS.load(Relaxed),
        2 * PER_THREAD
    );
}
