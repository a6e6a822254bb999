/* racelab-rust
 * rustc: rejected E0373, E0503
 * why: `tokio::spawn` needs a `'static` future, and the async block borrows
 *   `req`, a local of main, which it may outlive: E0373 ("async block may
 *   outlive the current function, but it borrows `req.key`"). Reading
 *   `req.reply` while the block holds a mutable borrow of it is E0503 ("cannot
 *   use `req.reply` because it was mutably borrowed"). Rust never lets the
 *   caller and the task reach the reply at once: the result has to travel as
 *   the task's output.
 */
// The caller's request; the task fills in `reply`.
struct Request {
    key: i32,
    reply: i32,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let mut req = Request { key: 21, reply: 0 };
    let job = tokio::spawn(async {
        req.reply = req.key * 2; // the task writes the caller's request
    });
    let value = req.reply; // read before awaiting the task
    println!("value = {}", value);
    job.await.unwrap();
}
