/* racelab-rust
 * rustc: compiles
 * why: Each `MutexGuard` stays in the thread that locked: main finishes stage
 *   1 and drops its guard, then sends a signal over a channel; the worker
 *   waits for it, locks the `Mutex` itself for stage 2 and drops its own
 *   guard. What crosses threads is a message, never a held lock.
 * oracle: stdout "stage = 2, value = 42"
 * timeout: 30
 */
use std::sync::mpsc;
use std::sync::Mutex;
use std::thread;

struct Record {
    stage: u32, // 0 empty, 1 half built, 2 complete
    value: i32,
}

static RECORD: Mutex<Record> = Mutex::new(Record { stage: 0, value: 0 });

fn main() {
    let (stage1_done, wait_stage1) = mpsc::channel::<()>(); // main -> worker hand-over
    let worker = thread::spawn(move || {
        wait_stage1.recv().unwrap();
        // FIX: the worker takes the lock itself and releases what it took.
        let mut record = RECORD.lock().unwrap();
        record.value += 1; // stage 2
        record.stage = 2;
    });

    {
        let mut record = RECORD.lock().unwrap();
        record.value = 41; // stage 1
        record.stage = 1; // readers see "half built"
    } // FIX: the guard is dropped here, before the hand-over
    stage1_done.send(()).unwrap(); // hand over a signal, not the lock

    worker.join().unwrap();
    let record = RECORD.lock().unwrap();
    println!("stage = {}, value = {}", record.stage, record.value);
}
