/* racelab-rust
 * rustc: compiles
 * why: The list lives in a `Mutex` inside the `Arc`: the only way to reach it
 *   is the guard that `lock()` returns, so every push holds the lock for its
 *   whole read-modify-write of the head, and the compiler enforces it.
 * oracle: stdout "nodes in the list: 6 of 6"
 * timeout: 30
 */
use std::collections::LinkedList;
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

const PER_PRODUCER: i32 = 3;

fn main() {
    let jobs = Arc::new(Mutex::new(LinkedList::new())); // FIX: one lock for the container

    // As in C: producer A stops before its second push until B has pushed all.
    let (a_paused_tx, a_paused_rx) = mpsc::channel::<()>();
    let (b_done_tx, b_done_rx) = mpsc::channel::<()>();
    let a = {
        let jobs = Arc::clone(&jobs);
        thread::spawn(move || {
            for (i, v) in (100..100 + PER_PRODUCER).enumerate() {
                if i == 1 {
                    a_paused_tx.send(()).unwrap();
                    b_done_rx.recv().unwrap();
                }
                jobs.lock().unwrap().push_front(v);
            }
        })
    };
    let b = {
        let jobs = Arc::clone(&jobs);
        thread::spawn(move || {
            a_paused_rx.recv().unwrap();
            for v in 200..200 + PER_PRODUCER {
                jobs.lock().unwrap().push_front(v);
            }
            b_done_tx.send(()).unwrap();
        })
    };
    a.join().unwrap();
    b.join().unwrap();
    let count = jobs.lock().unwrap().len();
    println!("nodes in the list: {} of {}", count, 2 * PER_PRODUCER);
}
