/* racelab-rust
 * rustc: compiles
 * why: The balance lives inside the lock, `Mutex<i64>`: the only way to reach
 *   it is through the guard that `lock()` returns, so both the deposits and
 *   the withdrawals hold the lock, and no access path can skip it.
 * oracle: stdout "balance = 100"
 * timeout: 30
 */
use std::sync::{Barrier, Mutex};
use std::thread;

const ROUNDS: i64 = 1000;

fn deposit(balance: &Mutex<i64>, amount: i64) {
    *balance.lock().unwrap() += amount;
}

fn withdraw(balance: &Mutex<i64>, amount: i64) {
    *balance.lock().unwrap() -= amount; // FIX: the same lock as deposit()
}

fn main() {
    let balance = Mutex::new(100i64); // FIX: the data inside its lock
    let start = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            start.wait(); // both threads start together
            for _ in 0..ROUNDS {
                deposit(&balance, 1);
            }
        });
        s.spawn(|| {
            start.wait();
            for _ in 0..ROUNDS {
                withdraw(&balance, 1);
            }
        });
    });
    println!("balance = {}", balance.lock().unwrap());
}
