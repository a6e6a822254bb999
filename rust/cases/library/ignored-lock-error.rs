/* racelab-rust
 * rustc: compiles
 * why: Rust allows it with a warning only: `Mutex::lock()` returns a
 *   `LockResult<MutexGuard>`, which is `#[must_use]`, so the statement
 *   `a.lock.lock();` that ignores it is an `unused_must_use` warning. The
 *   guard inside the ignored result is dropped at the end of that statement,
 *   so the lock is released at once and the read-modify-write of the balance
 *   that follows runs unlocked, as in C (the data sits beside a `Mutex<()>`,
 *   in atomics, since safe Rust lets nothing else be shared that way). std's
 *   mutex has no error-checking mode: the C program's re-lock in a helper
 *   would not fail with EDEADLK in Rust, it would deadlock.
 * symptom: wrong-result
 * oracle: stdout "balance = 300 after 2 audited deposits"
 * timeout: 30
 */
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

struct Account {
    lock: Mutex<()>,
    balance: AtomicI64, // meant to be guarded by lock
    audits: AtomicI64,  // meant to be guarded by lock
}

fn audit(a: &Account) {
    a.lock.lock(); // BUG: result ignored, the guard dropped at once
    a.audits.fetch_add(1, Ordering::Relaxed);
}

// `pause` is the test device: the first deposit waits there until the
// second deposit is complete.
fn deposit(a: &Account, amount: i64, pause: Option<(&Sender<()>, &Receiver<()>)>) {
    a.lock.lock(); // BUG: result ignored: this "critical section" holds no lock
    let balance = a.balance.load(Ordering::Relaxed);
    audit(a);
    if let Some((paused, resume)) = pause {
        paused.send(()).unwrap();
        resume.recv().unwrap();
    }
    a.balance.store(balance + amount, Ordering::Relaxed);
}

fn main() {
    let account = Arc::new(Account {
        lock: Mutex::new(()),
        balance: AtomicI64::new(0),
        audits: AtomicI64::new(0),
    });
    let (paused_tx, paused_rx) = channel();
    let (resume_tx, resume_rx) = channel();
    let a1 = Arc::clone(&account);
    let first = thread::spawn(move || deposit(&a1, 100, Some((&paused_tx, &resume_rx))));
    let a2 = Arc::clone(&account);
    let second = thread::spawn(move || {
        paused_rx.recv().unwrap();
        deposit(&a2, 200, None);
        resume_tx.send(()).unwrap();
    });
    first.join().unwrap();
    second.join().unwrap();
    println!(
        "balance = {} after {} audited deposits",
        account.balance.load(Ordering::Relaxed),
        account.audits.load(Ordering::Relaxed)
    );
}
