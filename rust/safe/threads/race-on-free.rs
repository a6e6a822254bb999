/* racelab-rust
 * rustc: compiles
 * why: The vector lives in an `Arc` (here with a `Mutex`, since the worker
 *   writes it): main and the worker each hold a reference, main's `drop` only
 *   gives up its own, and the memory is freed when the last `Arc` is dropped,
 *   whichever thread that is.
 * oracle: stdout "worker wrote array[10] = 1"
 * timeout: 30
 */
use std::sync::{Arc, Mutex};
use std::thread;

const LEN: usize = 16;

fn main() {
    let array = Arc::new(Mutex::new(vec![0i32; LEN]));
    let for_worker = Arc::clone(&array);
    let worker = thread::spawn(move || {
        let mut a = for_worker.lock().unwrap();
        a[10] += 1;
        a[10]
    }); // the worker's `Arc` is dropped when its closure ends
    drop(array); // FIX: drops main's reference only; the last one frees
    let wrote = worker.join().unwrap();
    println!("worker wrote array[10] = {}", wrote);
}
