/* racelab-rust
 * rustc: compiles
 * why: The `MutexGuard` releases the lock exactly once, when it goes out of
 *   scope at the end of `withdraw`, on every path. Neither branch unlocks by
 *   hand; an early `return` would release it just as well.
 * oracle: stdout "balance = 30, rejected = 1"
 * timeout: 30
 */
use std::sync::{Barrier, Mutex};
use std::thread;

struct Account {
    balance: i64,  // guarded by the Mutex
    rejected: u32, // withdrawals refused
}

// Take `amount` out of `acct`; true if done, false if the balance is too low.
fn withdraw(acct: &Mutex<Account>, amount: i64) -> bool {
    let mut a = acct.lock().unwrap();
    if a.balance < amount {
        a.rejected += 1;
        return false; // FIX: the guard is dropped here, once
    }
    a.balance -= amount;
    true
} // ...or here, on the other path

fn main() {
    let acct = Mutex::new(Account { balance: 100, rejected: 0 });
    let turn = Barrier::new(2); // runs the two withdrawals one after the other
    thread::scope(|s| {
        s.spawn(|| {
            withdraw(&acct, 70); // 100 -> 30
            turn.wait();
        });
        s.spawn(|| {
            turn.wait(); // wait until the first withdrawal is done
            withdraw(&acct, 50); // only 30 left: rejected
        });
    });
    let a = acct.lock().unwrap();
    println!("balance = {}, rejected = {}", a.balance, a.rejected);
}
