/* racelab-rust
 * rustc: rejected E0277
 * why: `Rc` is Rust's reference count with plain, non-atomic updates, the
 *   C `int ref`. It is not `Send`, and `thread::spawn` requires a closure that
 *   is: moving an `Rc` clone into a worker is rejected (E0277: `Rc<Blob>`
 *   cannot be sent between threads safely), since two threads cloning and
 *   dropping clones at once could lose an update of the count.
 */
use std::rc::Rc;
use std::sync::mpsc;
use std::thread;

struct Blob {
    text: String,
}

fn main() {
    let cached = Rc::new(Blob {
        text: String::from("shared configuration"),
    });
    // Worker 2 starts after worker 1 has dropped its reference.
    let (turn_tx, turn_rx) = mpsc::channel::<()>();
    let b1 = Rc::clone(&cached); // BUG: a non-atomic count, updated by two threads
    let w1 = thread::spawn(move || {
        // E0277: `Rc<Blob>` cannot be sent between threads safely
        let len = b1.text.len();
        drop(b1);
        turn_tx.send(()).unwrap();
        len
    });
    let b2 = Rc::clone(&cached);
    let w2 = thread::spawn(move || {
        turn_rx.recv().unwrap();
        let len = b2.text.len();
        drop(b2);
        len
    });
    let lens = (w1.join().unwrap(), w2.join().unwrap());
    println!("text length seen by the workers: {}, {}", lens.0, lens.1);
    let last = Rc::try_unwrap(cached).is_ok(); // the cache lets go: the last reference?
    let how = if last {
        "by the last put"
    } else {
        "before the last put"
    };
    println!("blob freed {} time(s), {}", last as u32, how);
}
