/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: the request is moved into the task (`async move`),
 *   which hands it back as its output. main reaches the reply only through
 *   `JoinHandle::await`, after the task has finished, so there is nothing to
 *   read early.
 * oracle: stdout "value = 42"
 * timeout: 30
 */
// The caller's request; the task fills in `reply`.
struct Request {
    key: i32,
    reply: i32,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let req = Request { key: 21, reply: 0 };
    // The task owns the request (`move`) and hands it back as its output.
    let job = tokio::spawn(async move {
        let mut req = req;
        req.reply = req.key * 2;
        req
    });
    let req = job.await.unwrap(); // the only way to reach the reply: after the task
    println!("value = {}", req.reply);
}
