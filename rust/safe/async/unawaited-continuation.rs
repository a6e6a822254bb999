/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: main awaits the continuation's `JoinHandle`, the end
 *   of the chain, before it reads the cache.
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
    // Kept from the unsafe twin, where it holds the continuation back.
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

    fetch.await.unwrap();
    go_tx.send(()).unwrap();
    cached.await.unwrap(); // wait for the end of the chain before reading its effects
    let price = *cache.lock().unwrap();
    match price {
        Some(price) => println!("cache: price {}", price),
        None => println!("cache: empty"),
    }
}
