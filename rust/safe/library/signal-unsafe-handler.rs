/* racelab-rust
 * rustc: compiles
 * why: std has no signal API, so this twin uses the `libc` crate in `unsafe`
 *   blocks to install the handler and send the signal. The handler only
 *   stores `true` into an `AtomicBool` (lock-free, so async-signal-safe); the
 *   worker swaps the flag back after each wait and prints the report itself,
 *   outside the handler.
 * oracle: stdout "progress: 5 of 10 batches"
 * oracle: stdout "sum = 500500"
 * timeout: 30
 */
use std::os::unix::thread::JoinHandleExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;

const NBATCHES: usize = 10;
const BATCH: u64 = 100;

static REPORT_REQUESTED: AtomicBool = AtomicBool::new(false);

extern "C" fn report_progress(_sig: libc::c_int) {
    REPORT_REQUESTED.store(true, Ordering::Relaxed); // FIX: only set a flag
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
        let mut batches_done = 0;
        for b in batch_ready_rx {
            // Outside the handler: allocating and printing are fine here.
            if REPORT_REQUESTED.swap(false, Ordering::Relaxed) {
                println!("progress: {} of {} batches", batches_done, NBATCHES);
            }
            for i in 1..=BATCH {
                sum += b as u64 * BATCH + i;
            }
            batches_done += 1;
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
