/* racelab-rust
 * rustc: compiles
 * why: `Arc` is the atomic reference count: `Arc::clone` is a relaxed
 *   `fetch_add`, dropping an `Arc` a release `fetch_sub` followed, in the one
 *   drop that takes the count to zero, by an acquire fence and the free. It is
 *   `Send` and `Sync` when its contents are, so clones can go to other
 *   threads; `Drop` on the blob counts how often it was freed.
 * oracle: stdout "blob freed 1 time(s), by the last put"
 * timeout: 30
 */
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;

static FREES: AtomicUsize = AtomicUsize::new(0);

struct Blob {
    text: String,
}

impl Drop for Blob {
    fn drop(&mut self) {
        FREES.fetch_add(1, Ordering::Relaxed);
    }
}

fn main() {
    let cached = Arc::new(Blob {
        text: String::from("shared configuration"),
    });
    // Worker 2 starts after worker 1 has dropped its reference.
    let (turn_tx, turn_rx) = mpsc::channel::<()>();
    let b1 = Arc::clone(&cached); // FIX: an atomic count
    let w1 = thread::spawn(move || {
        let len = b1.text.len();
        drop(b1);
        turn_tx.send(()).unwrap();
        len
    });
    let b2 = Arc::clone(&cached);
    let w2 = thread::spawn(move || {
        turn_rx.recv().unwrap();
        let len = b2.text.len();
        drop(b2);
        len
    });
    let lens = (w1.join().unwrap(), w2.join().unwrap());
    println!("text length seen by the workers: {}, {}", lens.0, lens.1);
    // The cache lets go: its reference must be the last one.
    let last = Arc::strong_count(&cached) == 1;
    drop(cached);
    let frees = FREES.load(Ordering::Relaxed);
    let how = if last {
        "by the last put"
    } else {
        "before the last put"
    };
    println!("blob freed {} time(s), {}", frees, how);
}
