/* racelab-rust
 * rustc: rejected E0594
 * why: `RwLock::read()` returns a `RwLockReadGuard`, which implements `Deref`
 *   but not `DerefMut`: through it the table is only `&Table`. So
 *   `guard.hits += 1` is rejected with E0594 (cannot assign to data in
 *   dereference of `RwLockReadGuard<'_, Table>`): a read lock lets the data be
 *   read only, which is exactly the rule the C program breaks.
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
    let guard = table.read().unwrap(); // shared: the other reader may be inside too
    let value = guard.values[key];
    guard.hits += 1; // BUG: a write through a read guard
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
