/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: the guard lives in a block that ends before the task
 *   can be suspended again, so no `.await` happens while the lock is held and
 *   the future is `Send`. The lock is taken and released in one stage, on one
 *   thread. (Where a lock really must span an `.await`, `tokio::sync::Mutex`,
 *   whose guard is `Send`, is made for it.)
 * oracle: stdout "balance = 110"
 * timeout: 30
 */
use std::sync::Mutex;

static BALANCE: Mutex<i32> = Mutex::new(100);

async fn deposit(amount: i32) {
    // Stage 1: prepare the deposit; the account is not touched here.
    let amount = amount;
    // The continuation: the task is suspended here and may resume on another worker.
    tokio::task::yield_now().await;
    // Stage 2: lock, update and unlock in one block, with no `.await` inside.
    {
        let mut balance = BALANCE.lock().unwrap();
        *balance += amount;
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    tokio::spawn(deposit(10)).await.unwrap();
    println!("balance = {}", *BALANCE.lock().unwrap());
}
