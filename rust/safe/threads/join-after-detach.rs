/* racelab-rust
 * rustc: compiles
 * why: Main needs the result, so it keeps the `JoinHandle` and joins the
 *   thread once: `join()` consumes the handle, waits for the thread's end and
 *   returns the closure's value (or the panic that ended it).
 * oracle: stdout "job result = 5050"
 * timeout: 30
 */
use std::thread;

fn start_job(n: u64) -> thread::JoinHandle<u64> {
    thread::spawn(move || (1..=n).sum()) // FIX: the caller keeps the handle and joins
}

fn main() {
    let job = start_job(100);
    match job.join() {
        Ok(sum) => println!("job result = {}", sum),
        Err(_) => println!("job result lost: the worker panicked"),
    }
}
