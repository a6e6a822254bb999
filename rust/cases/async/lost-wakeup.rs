/* racelab-rust
 * rustc: compiles
 * why: Rust allows this, and here it is in fact correct: tokio's
 *   `Notify::notify_one()`, called when no task is waiting, stores a permit,
 *   and the next `notified().await` consumes it at once, so the early
 *   notification is not lost and the program prints the port every time. std's
 *   `Condvar::notify_one` and tokio's `Notify::notify_waiters()` keep no such
 *   permit: the same program with either of them hangs like the C one.
 * symptom: none
 * oracle: stdout "config: port 8080"
 * timeout: 5
 */
use std::sync::{Arc, Mutex};
use tokio::sync::{oneshot, Notify};

struct Config {
    port: Mutex<i32>,
    loaded: Notify,
}

fn warm_cache() -> i32 {
    (0..1000).map(|i| i % 7).sum()
}

async fn start_service(config: Arc<Config>, signalled: oneshot::Sender<()>) -> i32 {
    *config.port.lock().unwrap() = 8080;
    config.loaded.notify_one(); // nobody is waiting yet
    signalled.send(()).unwrap();
    warm_cache() // the rest of the job; main does not wait for it
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let config = Arc::new(Config {
        port: Mutex::new(0),
        loaded: Notify::new(),
    });
    let (signalled_tx, signalled_rx) = oneshot::channel();
    let service = tokio::spawn(start_service(config.clone(), signalled_tx));

    signalled_rx.await.unwrap(); // start waiting only after the task has notified
    config.loaded.notified().await; // no predicate: waits for the notification itself
    let port = *config.port.lock().unwrap();
    println!("config: port {}", port);

    service.await.unwrap();
}
