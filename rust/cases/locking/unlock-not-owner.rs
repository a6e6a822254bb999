/* racelab-rust
 * rustc: rejected E0277
 * why: Handing the held lock to the worker means moving the `MutexGuard` into
 *   the worker's closure. `MutexGuard` is not `Send` (a lock must be released
 *   by the thread that took it), so `thread::spawn` refuses the closure:
 *   "`MutexGuard<'_, Record>` cannot be sent between threads safely" (E0277).
 */
use std::sync::Mutex;
use std::thread;

struct Record {
    stage: u32, // 0 empty, 1 half built, 2 complete
    value: i32,
}

static RECORD: Mutex<Record> = Mutex::new(Record { stage: 0, value: 0 });

fn main() {
    let mut record = RECORD.lock().unwrap(); // meant to cover both stages
    record.value = 41; // stage 1
    record.stage = 1;

    // BUG: hands over the work AND the lock: the worker releases the guard.
    let worker = thread::spawn(move || {
        record.value += 1; // stage 2
        record.stage = 2;
        drop(record);
    });

    worker.join().unwrap();
    let record = RECORD.lock().unwrap();
    println!("stage = {}, value = {}", record.stage, record.value);
}
