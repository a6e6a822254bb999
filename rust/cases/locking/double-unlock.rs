/* racelab-rust
 * rustc: rejected E0382
 * why: Unlocking is dropping the `MutexGuard`, and `drop(guard)` moves the
 *   guard. On the rejected path the guard is dropped by hand and then again
 *   at the common exit: "use of moved value: `a`" (E0382). A guard can be
 *   released only once, so the second unlock cannot be written.
 */
use std::sync::{Barrier, Mutex};
use std::thread;

struct Account {
    balance: i64,  // guarded by the Mutex
    rejected: u32, // withdrawals refused
}

// Take `amount` out of `acct`; true if done, false if the balance is too low.
fn withdraw(acct: &Mutex<Account>, amount: i64) -> bool {
    let mut ok = true;
    let mut a = acct.lock().unwrap();
    if a.balance < amount {
        a.rejected += 1;
        drop(a); // BUG: left over from an early `return`...
        ok = false;
    } else {
        a.balance -= amount;
    }
    drop(a); // ...so the rejected path unlocks again here
    ok
}

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
