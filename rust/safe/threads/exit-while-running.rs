/* racelab-rust
 * rustc: compiles
 * why: Main keeps the `JoinHandle`, stops the worker by dropping the event
 *   `Sender` (the worker's `recv()` then returns `Err` and its loop ends), and
 *   joins it before reading the totals and returning: no thread runs any more
 *   when the process ends.
 * oracle: stdout "events counted: 100"
 * timeout: 30
 */
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

const NBUCKETS: usize = 16;
const NEVENTS: usize = 100;

fn main() {
    let counts = Arc::new(Mutex::new([0u64; NBUCKETS]));
    let (events_tx, events_rx) = mpsc::channel::<()>();
    let (counted_tx, counted_rx) = mpsc::channel::<()>();
    let table = Arc::clone(&counts);
    let worker = thread::spawn(move || {
        let mut e = 0;
        while events_rx.recv().is_ok() {
            table.lock().unwrap()[e % NBUCKETS] += 1;
            e += 1;
            counted_tx.send(()).unwrap();
        }
    });
    for _ in 0..NEVENTS {
        events_tx.send(()).unwrap();
        counted_rx.recv().unwrap();
    }
    drop(events_tx); // FIX: the stop signal: the worker's loop ends
    worker.join().unwrap(); // FIX: and main waits for its end
    let total: u64 = counts.lock().unwrap().iter().sum();
    println!("events counted: {}", total);
}
