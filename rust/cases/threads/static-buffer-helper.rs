/* racelab-rust
 * rustc: rejected E0133
 * why: The direct mirror keeps the helper's buffer in a `static mut` and
 *   returns a `&'static str` into it. Every read or write of a mutable static
 *   is allowed only inside `unsafe`, and rustc rejects each one here (E0133:
 *   use of mutable static is unsafe), because nothing stops two threads from
 *   using it at once. (A `static` with interior mutability, such as a
 *   `RefCell`, is rejected too, as it is not `Sync`.)
 */
use std::sync::mpsc;
use std::thread;

const LABEL: usize = 16;

static mut BUF: [u8; LABEL] = [0; LABEL]; // BUG: one buffer for every caller, in every thread

fn fmt_id(id: u32) -> &'static str {
    let text = format!("job-{:04}", id);
    let n = text.len().min(LABEL);
    BUF[..n].copy_from_slice(&text.as_bytes()[..n]); // E0133
    std::str::from_utf8(&BUF[..n]).unwrap() // E0133
}

fn main() {
    // Worker 2 formats its id between worker 1's call and worker 1's copy.
    let (w1_formatted_tx, w1_formatted_rx) = mpsc::channel::<()>();
    let (w2_copied_tx, w2_copied_rx) = mpsc::channel::<()>();
    let w1 = thread::spawn(move || {
        let label = fmt_id(1);
        w1_formatted_tx.send(()).unwrap();
        w2_copied_rx.recv().unwrap();
        label.to_string() // reads the buffer worker 2 has rewritten
    });
    let w2 = thread::spawn(move || {
        w1_formatted_rx.recv().unwrap();
        let label = fmt_id(2).to_string();
        w2_copied_tx.send(()).unwrap();
        label
    });
    let (a, b) = (w1.join().unwrap(), w2.join().unwrap());
    println!("labels: {} {}", a, b);
}
