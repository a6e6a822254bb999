/* racelab-rust
 * rustc: compiles
 * why: `table_get()` writes `hits`, so it takes the lock with
 *   `RwLock::write()`: the `RwLockWriteGuard` derefs to `&mut Table` and the
 *   two threads' increments are serialised. (To keep lookups concurrent, keep
 *   `read()` and make `hits` an `AtomicU64`.)
 * oracle: stdout "hits = 2000, sum = 90000"
 * timeout: 30
 */
use std::sync::{Arc, Barrier, RwLock};
use std::thread;

const NKEYS: usize = 10;
const NTHREADS: usize = 2;
const LOOKUPS: usize = 1000;

struct Table {
    values: [i64; NKEYS],
    hits: u64, // lookups served: a statistic, written by readers
}

fn table_get(table: &RwLock<Table>, key: usize) -> i64 {
    // FIX: exclusive: this critical section writes `hits`.
    let mut guard = table.write().unwrap();
    let value = guard.values[key];
    guard.hits += 1;
    value
}

fn main() {
    let mut values = [0; NKEYS];
    for (k, v) in values.iter_mut().enumerate() {
        *v = 10 * k as i64; // 0 + 10 + ... + 90 = 450 per 10 lookups
    }
    let table = Arc::new(RwLock::new(Table { values, hits: 0 }));
    let start = Arc::new(Barrier::new(NTHREADS));
    let mut handles = Vec::new();
    for _ in 0..NTHREADS {
        let table = Arc::clone(&table);
        let start = Arc::clone(&start);
        handles.push(thread::spawn(move || {
            start.wait(); // both threads look up together
            let mut sum = 0;
            for i in 0..LOOKUPS {
                sum += table_get(&table, i % NKEYS);
            }
            sum
        }));
    }
    let sum: i64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("hits = {}, sum = {}", table.read().unwrap().hits, sum);
}
