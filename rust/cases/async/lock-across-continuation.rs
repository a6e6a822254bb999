/* racelab-rust
 * rustc: rejected uncoded
 * why: `deposit` keeps a `std::sync::MutexGuard` alive across `.await`. The
 *   guard is not `Send` (a mutex must be unlocked by the thread that locked
 *   it), so neither is the future, and `tokio::spawn` demands `Send` because
 *   the multi-threaded runtime may resume the task on another worker after the
 *   `.await`. rustc (1.63 and 1.95) says "future cannot be sent between threads
 *   safely" ("future returned by `deposit` is not `Send`") and prints no error
 *   code; its note points at the guard held across the `.await`.
 */
use std::sync::Mutex;

static BALANCE: Mutex<i32> = Mutex::new(100);

async fn deposit(amount: i32) {
    // Stage 1: lock the account, compute the new balance.
    let mut balance = BALANCE.lock().unwrap(); // meant to stay locked until stage 2
    let new = *balance + amount;
    // The continuation: the task is suspended here and may resume on another worker.
    tokio::task::yield_now().await;
    // Stage 2: store the new balance; the guard unlocks at the end of the scope.
    *balance = new;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    tokio::spawn(deposit(10)).await.unwrap();
    println!("balance = {}", *BALANCE.lock().unwrap());
}
