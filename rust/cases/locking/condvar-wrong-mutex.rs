/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: `Condvar::wait` accepts a `MutexGuard` of any mutex,
 *   and nothing ties the condition variable to the mutex that guards its
 *   predicate. The predicate `full` lives inside `state`, so the reader cannot
 *   read it under `stats` (no data race, unlike C), but it must lock `state`
 *   for the test and wait with the `stats` guard: the test and the sleep are
 *   no longer atomic with respect to the writer. std's documentation says
 *   `wait` "may panic" when used with more than one mutex over time; only the
 *   pthread-based implementation (macOS, some BSDs) checks, and on Linux (futex
 *   condition variables since Rust 1.62) no panic happens with rustc 1.63 or
 *   1.95. Here the writer delivers and notifies in the gap between the
 *   reader's test and its wait (forced with channels): the notification is
 *   lost and the reader sleeps forever. Waiting without any lock,
 *   `cv.wait(&mutex)`, is rejected instead (E0308: a `MutexGuard` is
 *   expected).
 * symptom: timeout
 * oracle: stdout "letter = 42, deliveries = 1"
 * timeout: 5
 */
use std::sync::mpsc::channel;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

struct Mailbox {
    full: bool,
    letter: i32,
}

struct Shared {
    state: Mutex<Mailbox>, // the letter and its `full` flag
    arrived: Condvar,      // "full became true": goes with `state`
    stats: Mutex<u64>,     // deliveries
}

fn main() {
    let s = Arc::new(Shared {
        state: Mutex::new(Mailbox { full: false, letter: 0 }),
        arrived: Condvar::new(),
        stats: Mutex::new(0),
    });
    // Forcing: the writer runs exactly between the reader's test and its wait.
    let (checked_tx, checked_rx) = channel();
    let (delivered_tx, delivered_rx) = channel();

    let r = Arc::clone(&s);
    let reader = thread::spawn(move || {
        let mut wrong = r.stats.lock().unwrap(); // BUG: the wrong mutex: `arrived` goes with `state`
        while !r.state.lock().unwrap().full {
            checked_tx.send(()).unwrap();
            delivered_rx.recv().unwrap();
            wrong = r.arrived.wait(wrong).unwrap(); // the notification has come and gone
        }
        drop(wrong);
        let letter = r.state.lock().unwrap().letter;
        letter
    });

    checked_rx.recv().unwrap();
    {
        let mut m = s.state.lock().unwrap(); // the writer delivers under `state`
        m.letter = 42;
        m.full = true;
        s.arrived.notify_one(); // nobody waits yet: lost
    }
    delivered_tx.send(()).unwrap();
    *s.stats.lock().unwrap() += 1;

    let letter = reader.join().unwrap();
    println!("letter = {}, deliveries = {}", letter, *s.stats.lock().unwrap());
}
