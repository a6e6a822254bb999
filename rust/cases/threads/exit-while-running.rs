/* racelab-rust
 * rustc: compiles
 * why: Rust allows it: dropping a `JoinHandle` detaches the thread, and
 *   `process::exit` (or main's return) ends the process with the worker still
 *   waiting for events. But the closure given to `thread::spawn` must be
 *   `'static`, so the worker owns what it uses, an `Arc` of the table: there
 *   is no exit handler that could free the table under it, and no undefined
 *   behaviour. What is lost is only the work the worker never got to do, and
 *   the totals here are complete.
 * symptom: none
 * oracle: stdout "events counted: 100"
 * timeout: 30
 */
use std::process;
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

const NBUCKETS: usize = 16;
const NEVENTS: usize = 100;

fn main() {
    let counts = Arc::new(Mutex::new([0u64; NBUCKETS]));
    let (events_tx, events_rx) = mpsc::channel::<()>();
    let (counted_tx, counted_rx) = mpsc::channel::<()>();
    let table = Arc::clone(&counts); // the worker's own reference to the table
    let worker = thread::spawn(move || {
        let mut e = 0;
        while events_rx.recv().is_ok() {
            table.lock().unwrap()[e % NBUCKETS] += 1;
            e += 1;
            counted_tx.send(()).unwrap();
        }
    });
    drop(worker); // BUG: detached: nobody stops or joins the worker
    for _ in 0..NEVENTS {
        events_tx.send(()).unwrap();
        counted_rx.recv().unwrap();
    }
    let total: u64 = counts.lock().unwrap().iter().sum();
    println!("events counted: {}", total);
    process::exit(0); // the worker still waits for events; exit ends it
}
