/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: blocking a runtime worker is not a type error. The
 *   runtime has one worker; `render_page` runs on it, spawns `load_user`
 *   (queued on that same worker) and then blocks the worker in
 *   `mpsc::Receiver::recv()` until the result arrives, so `load_user` never
 *   runs and main's `.await` never completes. tokio's own blocking entry point,
 *   `Handle::block_on`, would notice at run time and panic ("Cannot start a
 *   runtime from within a runtime"); any other blocking wait simply hangs.
 * symptom: timeout
 * oracle: stdout "page: <h1>user 42</h1>"
 * timeout: 5
 */
use std::sync::mpsc;

async fn load_user() -> i32 {
    42 // the user id, say from a database
}

async fn render_page() -> String {
    let (tx, rx) = mpsc::channel();
    // Queued behind this task, on the runtime's only worker.
    tokio::spawn(async move {
        let id = load_user().await;
        tx.send(id).unwrap();
    });
    // Blocks the only worker until load_user has run, which needs that worker.
    let id = rx.recv().unwrap();
    format!("<h1>user {}</h1>", id)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let page = tokio::spawn(render_page()).await.unwrap(); // never completes
    println!("page: {}", page);
}
