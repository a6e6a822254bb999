/* racelab-rust
 * rustc: compiles
 * why: Rust allows this, and it is correct: `.await` on the `JoinHandle`
 *   suspends `render_page` and hands the worker back to the scheduler, which
 *   runs `load_user` and then resumes `render_page` with its result (chaining,
 *   as `rl_future_then` does in C).
 * oracle: stdout "page: <h1>user 42</h1>"
 * timeout: 5
 */
async fn load_user() -> i32 {
    42 // the user id, say from a database
}

async fn render_page() -> String {
    // `.await` suspends this task and frees the worker, which then runs load_user.
    let id = tokio::spawn(load_user()).await.unwrap();
    format!("<h1>user {}</h1>", id)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let page = tokio::spawn(render_page()).await.unwrap();
    println!("page: {}", page);
}
