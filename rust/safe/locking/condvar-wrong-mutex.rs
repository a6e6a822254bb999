/* racelab-rust
 * rustc: compiles
 * why: The predicate lives inside the `Mutex` the `Condvar` waits with: the
 *   reader locks `state` and calls `arrived.wait_while(guard, |m| !m.full)`,
 *   which tests `full` and sleeps atomically with respect to the writer, who
 *   sets it and notifies under the same mutex. The guard handed to `wait` is
 *   the right one by construction; `stats` guards only the counter.
 * oracle: stdout "letter = 42, deliveries = 1"
 * timeout: 5
 */
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

    let r = Arc::clone(&s);
    let reader = thread::spawn(move || {
        // FIX: wait with the mutex that guards `full`
        let m = r.state.lock().unwrap();
        let m = r.arrived.wait_while(m, |m| !m.full).unwrap();
        m.letter
    });

    *s.stats.lock().unwrap() += 1; // the writer counts the delivery...
    {
        let mut m = s.state.lock().unwrap(); // ...and delivers under `state`
        m.letter = 42;
        m.full = true;
        s.arrived.notify_one();
    }

    let letter = reader.join().unwrap();
    println!("letter = {}, deliveries = {}", letter, *s.stats.lock().unwrap());
}
