/* racelab-rust
 * rustc: compiles
 * why: std has no signal API, so this twin uses the `libc` crate: installing
 *   the handler with `libc::sigaction` and sending the signal with
 *   `libc::pthread_kill` need `unsafe` blocks (FFI calls), but nothing checks
 *   what the handler does. Its `format!` allocates and its `println!` takes
 *   stdout's lock, exactly the calls that are unsafe in a handler, and rustc
 *   accepts them as in any function. As in the C program the signal comes
 *   while the worker waits for a batch, so this run survives and the oracle
 *   holds: the bug is latent, not absent (a signal arriving inside an
 *   allocation could deadlock).
 * symptom: latent
 * oracle: stdout "progress: 5 of 10 batches"
 * oracle: stdout "sum = 500500"
 * timeout: 30
 */
use std::os::unix::thread::JoinHandleExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

const NBATCHES: usize = 10;
const BATCH: u64 = 100;

static BATCHES_DONE: AtomicUsize = AtomicUsize::new(0);

extern "C" fn report_progress(_sig: libc::c_int) {
    // BUG: format! allocates, isatty may change errno, println! locks stdout:
    // none of them is async-signal-safe.
    let line = format!(
        "progress: {} of {} batches",
        BATCHES_DONE.load(Ordering::Relaxed),
        NBATCHES
    );
    let end = if unsafe { libc::isatty(libc::STDOUT_FILENO) } == 1 { "\r" } else { "\n" };
    print!("{}{}", line, end);
}

fn main() {
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = report_progress as extern "C" fn(libc::c_int) as libc::sighandler_t;
        sa.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut());
    }
    let (batch_ready_tx, batch_ready_rx) = mpsc::channel::<usize>();
    let (batch_done_tx, batch_done_rx) = mpsc::channel::<()>();
    let worker = thread::spawn(move || {
        let mut sum = 0u64;
        for b in batch_ready_rx {
            for i in 1..=BATCH {
                sum += b as u64 * BATCH + i;
            }
            BATCHES_DONE.fetch_add(1, Ordering::Relaxed);
            batch_done_tx.send(()).unwrap();
        }
        sum
    });
    for b in 0..NBATCHES {
        // Halfway, ask for a report; the worker is waiting for the next batch.
        if b == NBATCHES / 2 {
            unsafe { libc::pthread_kill(worker.as_pthread_t(), libc::SIGUSR1) };
        }
        batch_ready_tx.send(b).unwrap();
        batch_done_rx.recv().unwrap();
    }
    drop(batch_ready_tx);
    let sum = worker.join().unwrap();
    println!("sum = {}", sum);
}
