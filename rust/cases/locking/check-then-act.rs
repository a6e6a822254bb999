/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: the balance is only reached through the `Mutex`, so
 *   there is no data race, but nothing ties two separate `lock()` calls
 *   together. The guard of the check is dropped at the end of its statement
 *   and the debit takes a new one; the decision `enough` outlives the lock it
 *   was made under. With both checks forced before both debits (a `Barrier` in
 *   the gap) the balance goes to -100 in every run.
 * symptom: wrong-result
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
    let enough = acct.lock().unwrap().balance >= amount; // BUG: decided here, guard dropped...

    checked.wait(); // ...the other thread runs in the gap...

    let mut a = acct.lock().unwrap();
    if enough {
        a.balance -= amount; // ...and acted on here, when it may be stale
        a.granted += 1;
    } else {
        a.refused += 1;
    }
    enough
}

fn main() {
    let acct = Arc::new(Mutex::new(Account { balance: 100, granted: 0, refused: 0 }));
    // Both threads reach it after their check: the worst case, every run.
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
