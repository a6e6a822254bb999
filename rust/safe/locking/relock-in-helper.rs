/* racelab-rust
 * rustc: compiles
 * why: The helper that does the work takes the `&mut Log` its caller already
 *   has through its guard, instead of the `Mutex`: `log_flush_locked(&mut l)`
 *   cannot lock anything, and it cannot be called without a guard (or other
 *   exclusive access) in hand. The public `log_flush` locks once and calls it.
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

// Write out the buffered entries; the `&mut Log` comes from the caller's guard.
fn log_flush_locked(l: &mut Log) {
    l.sum += l.entries.iter().sum::<i64>();
    l.flushed += l.entries.len();
    l.entries.clear();
}

// Public: write out the buffered entries.
fn log_flush(log: &Mutex<Log>) {
    log_flush_locked(&mut log.lock().unwrap());
}

fn log_append(log: &Mutex<Log>, value: i64) {
    let mut l = log.lock().unwrap();
    if l.entries.len() == CAPACITY {
        log_flush_locked(&mut l); // FIX: this thread holds the lock: pass what it holds
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
