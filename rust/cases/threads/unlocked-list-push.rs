/* racelab-rust
 * rustc: rejected E0596
 * why: To reach the list from two threads, both hold an `Arc` of it; an `Arc`
 *   hands out only shared references (`&LinkedList`), and `push_front` needs
 *   `&mut self`: rustc rejects each push (E0596: cannot borrow data in an
 *   `Arc` as mutable). Mutation through a shared reference needs a lock (or
 *   an atomic) that makes it safe.
 */
use std::collections::LinkedList;
use std::sync::Arc;
use std::thread;

const PER_PRODUCER: i32 = 3;

fn main() {
    let jobs: Arc<LinkedList<i32>> = Arc::new(LinkedList::new()); // one list, two producers
    let producers: Vec<_> = [100, 200]
        .iter()
        .map(|&first| {
            let jobs = Arc::clone(&jobs);
            thread::spawn(move || {
                for v in first..first + PER_PRODUCER {
                    jobs.push_front(v); // BUG, E0596: an unlocked push onto a shared list
                }
            })
        })
        .collect();
    for p in producers {
        p.join().unwrap();
    }
    println!("nodes in the list: {} of {}", jobs.len(), 2 * PER_PRODUCER);
}
