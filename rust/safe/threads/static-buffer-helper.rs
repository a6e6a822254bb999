/* racelab-rust
 * rustc: compiles
 * why: The helper keeps no state: it returns a `String` of its own, which
 *   the caller owns, so two threads calling it share nothing. (A buffer that
 *   must be reused belongs in a `thread_local!`, or is passed in by the
 *   caller as `&mut String`.)
 * oracle: stdout "labels: job-0001 job-0002"
 * timeout: 30
 */
use std::sync::mpsc;
use std::thread;

fn fmt_id(id: u32) -> String {
    format!("job-{:04}", id) // FIX: a new buffer for each call, owned by the caller
}

fn main() {
    // As in C: worker 2 formats its id between worker 1's call and its copy.
    let (w1_formatted_tx, w1_formatted_rx) = mpsc::channel::<()>();
    let (w2_copied_tx, w2_copied_rx) = mpsc::channel::<()>();
    let w1 = thread::spawn(move || {
        let label = fmt_id(1);
        w1_formatted_tx.send(()).unwrap();
        w2_copied_rx.recv().unwrap();
        label
    });
    let w2 = thread::spawn(move || {
        w1_formatted_rx.recv().unwrap();
        let label = fmt_id(2);
        w2_copied_tx.send(()).unwrap();
        label
    });
    let (a, b) = (w1.join().unwrap(), w2.join().unwrap());
    println!("labels: {} {}", a, b);
}
