/* racelab-rust
 * rustc: compiles
 * why: One `MutexGuard` covers the whole withdrawal: the balance is tested and
 *   debited before the guard is dropped, so the other thread's check sees the
 *   new balance and refuses.
 * oracle: stdout "balance = 0, granted = 1, refused = 1"
 * timeout: 30
 */
use std::sync::{Arc, Barrier, Mutex};
use std::thread;

struct Account {
    balance: i64, // must never go below 0
    granted: u32,
    refused: u32,
}

fn withdraw(acct: &Mutex<Account>, checked: &Barrier, amount: i64) -> bool {
    let enough = {
        // FIX: one guard: the decision is acted on before it is dropped.
        let mut a = acct.lock().unwrap();
        let enough = a.balance >= amount;
        if enough {
            a.balance -= amount;
            a.granted += 1;
        } else {
            a.refused += 1;
        }
        enough
    };
    checked.wait(); // as in the buggy twin; no gap left to widen
    enough
}

fn main() {
    let acct = Arc::new(Mutex::new(Account { balance: 100, granted: 0, refused: 0 }));
    let checked = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let acct = Arc::clone(&acct);
            let checked = Arc::clone(&checked);
            thread::spawn(move || withdraw(&acct, &checked, 100))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let a = acct.lock().unwrap();
    println!("balance = {}, granted = {}, refused = {}", a.balance, a.granted, a.refused);
}
