/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: `log_append` holds the guard of `log` when it calls
 *   the public `log_flush`, which calls `lock()` on the same `Mutex` again.
 *   Both calls type-check (each only needs `&Mutex<Log>`); std documents that
 *   locking a mutex the thread already holds "might panic or deadlock", and on
 *   Linux it deadlocks: the first full buffer hangs the writer, the other
 *   writer blocks behind it, in every run.
 * symptom: timeout
 * oracle: stdout "flushed 200 entries, sum 10100"
 * timeout: 5
 */
use std::sync::Mutex;
use std::thread;

const CAPACITY: usize = 8; // entries the buffer holds before it must be flushed
const PER_THREAD: i64 = 100;

struct Log {
    entries: Vec<i64>, // at most CAPACITY
    flushed: usize,    // entries written out so far
    sum: i64,          // their sum, standing in for the output file
}

// Public: write out the buffered entries.
fn log_flush(log: &Mutex<Log>) {
    let mut l = log.lock().unwrap();
    l.sum += l.entries.iter().sum::<i64>();
    l.flushed += l.entries.len();
    l.entries.clear();
}

fn log_append(log: &Mutex<Log>, value: i64) {
    let mut l = log.lock().unwrap();
    if l.entries.len() == CAPACITY {
        log_flush(log); // BUG: log_flush locks `log`, which this thread already holds
    }
    l.entries.push(value);
}

fn main() {
    let log = Mutex::new(Log { entries: Vec::with_capacity(CAPACITY), flushed: 0, sum: 0 });
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for v in 1..=PER_THREAD {
                    log_append(&log, v);
                }
            });
        }
    });
    log_flush(&log);
    let l = log.lock().unwrap();
    println!("flushed {} entries, sum {}", l.flushed, l.sum);
}
