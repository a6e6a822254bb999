/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: `transfer` locks `from` and then `to`, two
 *   `Mutex::lock()` calls in argument order, and nothing in the types says in
 *   which order two locks may be taken. With no detector watching, a `Barrier`
 *   lets each thread take its first lock before either takes its second: A->B
 *   holds A and waits for B, B->A holds B and waits for A, and both wait
 *   forever in every run.
 * symptom: timeout
 * oracle: stdout "A = 90, B = 110"
 * timeout: 5
 */
use std::sync::{Barrier, Mutex};
use std::thread;

struct Account {
    id: u32, // rank of the account, unique
    balance: Mutex<i64>,
}

fn transfer(from: &Account, to: &Account, amount: i64, both_hold_one: &Barrier) {
    // BUG: the lock order depends on the direction of the transfer:
    // A->B locks A then B, B->A locks B then A.
    let mut f = from.balance.lock().unwrap();
    both_hold_one.wait(); // forces the timing: each thread holds its first lock
    let mut t = to.balance.lock().unwrap();
    *f -= amount;
    *t += amount;
}

fn main() {
    let a = Account { id: 1, balance: Mutex::new(100) };
    let b = Account { id: 2, balance: Mutex::new(100) };
    let both_hold_one = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| transfer(&a, &b, 30, &both_hold_one)); // order A -> B
        s.spawn(|| transfer(&b, &a, 20, &both_hold_one)); // order B -> A: inverts the order
    });
    println!("A = {}, B = {}", a.balance.lock().unwrap(), b.balance.lock().unwrap());
}
