/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: the state (`Option<i32>`) lives under a mutex, and the
 *   waiter loops until it is set, creating its `notified()` future before
 *   checking the state, as tokio's documentation prescribes. It is correct even
 *   with `notify_waiters()`, which keeps no permit, and whichever side comes
 *   first.
 * oracle: stdout "config: port 8080"
 * timeout: 5
 */
use std::sync::{Arc, Mutex};
use tokio::sync::{oneshot, Notify};

struct Config {
    port: Mutex<Option<i32>>, // the state: None until loaded
    changed: Notify,
}

fn warm_cache() -> i32 {
    (0..1000).map(|i| i % 7).sum()
}

async fn start_service(config: Arc<Config>, signalled: oneshot::Sender<()>) -> i32 {
    *config.port.lock().unwrap() = Some(8080); // the state first, then the notification
    config.changed.notify_waiters();
    signalled.send(()).unwrap();
    warm_cache() // the rest of the job; main does not wait for it
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let config = Arc::new(Config {
        port: Mutex::new(None),
        changed: Notify::new(),
    });
    let (signalled_tx, signalled_rx) = oneshot::channel();
    let service = tokio::spawn(start_service(config.clone(), signalled_tx));

    signalled_rx.await.unwrap(); // kept from the unsafe twin: the notification comes first
                                 // Wait for the state, not for a notification: register interest, then check.
    let port = loop {
        let notified = config.changed.notified();
        if let Some(port) = *config.port.lock().unwrap() {
            break port;
        }
        notified.await;
    };
    println!("config: port {}", port);

    service.await.unwrap();
}
