/* racelab-rust
 * rustc: rejected E0382
 * why: std has no `detach()`: a thread is detached by dropping its
 *   `JoinHandle`, and `join(self)` takes the handle by value. Joining after
 *   the drop uses a moved value, and rustc rejects it (E0382: use of moved
 *   value: `job`). The same rule makes a double join impossible.
 */
use std::thread;

fn start_job(n: u64) -> thread::JoinHandle<u64> {
    thread::spawn(move || (1..=n).sum())
}

fn main() {
    let job = start_job(100);
    drop(job); // BUG: detaches the thread; nobody can join it any more
    let result = job.join(); // E0382: `job` was moved by the drop
    match result {
        Ok(sum) => println!("job result = {}", sum),
        Err(_) => println!("job result lost: the worker panicked"),
    }
}
