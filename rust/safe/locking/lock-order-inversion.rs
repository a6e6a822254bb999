/* racelab-rust
 * rustc: compiles
 * why: The same global-order discipline as in C: `transfer` locks the account
 *   with the lower `id` first, whatever the direction, so both threads lock A
 *   before B and no cycle of waiting threads can form. Both transfers start
 *   together and run concurrently.
 * oracle: stdout "A = 90, B = 110"
 * timeout: 5
 */
use std::sync::{Barrier, Mutex};
use std::thread;

struct Account {
    id: u32, // rank of the account, unique
    balance: Mutex<i64>,
}

fn transfer(from: &Account, to: &Account, amount: i64) {
    // FIX: lock by rank, lower id first, whatever the direction:
    // A->B and B->A both lock A then B.
    let mut f;
    let mut t;
    if from.id < to.id {
        f = from.balance.lock().unwrap();
        t = to.balance.lock().unwrap();
    } else {
        t = to.balance.lock().unwrap();
        f = from.balance.lock().unwrap();
    }
    *f -= amount;
    *t += amount;
}

fn main() {
    let a = Account { id: 1, balance: Mutex::new(100) };
    let b = Account { id: 2, balance: Mutex::new(100) };
    let start = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            start.wait(); // both transfers start together
            transfer(&a, &b, 30); // order A -> B
        });
        s.spawn(|| {
            start.wait();
            transfer(&b, &a, 20); // also order A -> B
        });
    });
    println!("A = {}, B = {}", a.balance.lock().unwrap(), b.balance.lock().unwrap());
}
