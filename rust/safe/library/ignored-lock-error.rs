/* racelab-rust
 * rustc: compiles
 * why: The data lives inside the `Mutex`, so it is reachable only through the
 *   guard that `lock()` returns: the result cannot be ignored and the data
 *   still used. `.unwrap()` handles the `LockResult` (it fails only if a
 *   thread panicked while holding the lock), the guard lives until the end of
 *   `deposit`, and the helper takes `&mut Account` from it instead of
 *   locking again.
 * oracle: stdout "balance = 300 after 2 audited deposits"
 * timeout: 30
 */
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

struct Account {
    balance: i64,
    audits: i64,
}

// The caller holds the lock: it passes the data from its guard.
fn audit_locked(acct: &mut Account) {
    acct.audits += 1;
}

// `pause` keeps the C program's interleaving: the first deposit lets the
// second one start while it still holds the lock.
fn deposit(account: &Mutex<Account>, amount: i64, pause: Option<(&Sender<()>, &Receiver<()>)>) {
    let mut acct = account.lock().unwrap(); // FIX: the result is handled
    let balance = acct.balance;
    audit_locked(&mut acct);
    if let Some((paused, resume)) = pause {
        paused.send(()).unwrap();
        resume.recv().unwrap();
    }
    acct.balance = balance + amount; // still under the lock
}

fn main() {
    let account = Arc::new(Mutex::new(Account { balance: 0, audits: 0 }));
    let (paused_tx, paused_rx) = channel();
    let (resume_tx, resume_rx) = channel();
    let a1 = Arc::clone(&account);
    let first = thread::spawn(move || deposit(&a1, 100, Some((&paused_tx, &resume_rx))));
    let a2 = Arc::clone(&account);
    let second = thread::spawn(move || {
        paused_rx.recv().unwrap();
        resume_tx.send(()).unwrap(); // let the first finish: it holds the lock
        deposit(&a2, 200, None);
    });
    first.join().unwrap();
    second.join().unwrap();
    let acct = account.lock().unwrap();
    println!("balance = {} after {} audited deposits", acct.balance, acct.audits);
}
