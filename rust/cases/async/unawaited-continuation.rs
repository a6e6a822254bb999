/* racelab-rust
 * rustc: compiles
 * why: Rust allows this. A plain variable shared with a spawned task would be
 *   rejected (E0373), so the cache is an `Arc<Mutex<Option<i32>>>`: no data
 *   race is possible, but the mistake in the order is untouched. main awaits
 *   the fetch's `JoinHandle`, which says nothing about the continuation task
 *   that caches the price; with the continuation held back until main has read
 *   (a channel), main finds the cache empty in every run.
 * symptom: wrong-result
 * oracle: stdout "cache: price 42"
 * timeout: 30
 */
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

async fn fetch_price() -> i32 {
    42 // say, from a remote service
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let cache: Arc<Mutex<Option<i32>>> = Arc::new(Mutex::new(None));
    let (price_tx, price_rx) = oneshot::channel();
    // Holds the continuation back until main has read the cache (no detector watches:
    // this only makes the wrong order happen every time).
    let (go_tx, go_rx) = oneshot::channel::<()>();

    let fetch = tokio::spawn(async move {
        let price = fetch_price().await;
        let _ = price_tx.send(price); // starts the continuation
        price
    });
    // The continuation: caches the fetched price.
    let cached = tokio::spawn({
        let cache = cache.clone();
        async move {
            let price = price_rx.await.unwrap();
            go_rx.await.unwrap();
            *cache.lock().unwrap() = Some(price);
        }
    });

    fetch.await.unwrap(); // waits for the fetch only, not for the continuation
    let price = *cache.lock().unwrap(); // the continuation has not written yet
    go_tx.send(()).unwrap();
    match price {
        Some(price) => println!("cache: price {}", price),
        None => println!("cache: empty"),
    }
    cached.await.unwrap();
}
