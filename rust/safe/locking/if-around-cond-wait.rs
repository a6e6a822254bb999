/* racelab-rust
 * rustc: compiles
 * why: Each consumer waits in a loop that re-tests the predicate under the
 *   lock, `while q.count == 0 { q = cv.wait(q).unwrap(); }` (std's
 *   `Condvar::wait_while` is the same loop): the consumer that wakes to an
 *   empty queue goes back to sleep and takes the next item.
 * oracle: stdout "consumed items: 1 2"
 * timeout: 30
 */
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;

const CAP: usize = 8;

struct Queue {
    slots: [i32; CAP], // a ring buffer of items; 0 is never an item
    head: usize,       // next slot to take
    tail: usize,       // next slot to fill
    count: i32,        // items in the queue
    // Test staging, so that main can put items at the worst moment:
    asleep: u32,  // consumers inside `nonempty.wait`
    wakeups: u32, // returns from `nonempty.wait`
}

struct Shared {
    queue: Mutex<Queue>,
    nonempty: Condvar, // notified when an item is put
    progress: Condvar, // notified whenever the two counters change
}

// `nonempty.wait` plus bookkeeping for the staging.
fn wait_for_item<'a>(s: &'a Shared, mut q: MutexGuard<'a, Queue>) -> MutexGuard<'a, Queue> {
    q.asleep += 1;
    s.progress.notify_all();
    q = s.nonempty.wait(q).unwrap();
    q.asleep -= 1;
    q.wakeups += 1;
    s.progress.notify_all();
    q
}

fn queue_get(s: &Shared) -> i32 {
    let mut q = s.queue.lock().unwrap();
    while q.count == 0 {
        // FIX: re-test after every wake-up
        q = wait_for_item(s, q);
    }
    let item = q.slots[q.head % CAP];
    q.head += 1;
    q.count -= 1;
    item
}

fn queue_put(s: &Shared, q: &mut Queue, item: i32) {
    let tail = q.tail;
    q.slots[tail % CAP] = item;
    q.tail += 1;
    q.count += 1;
    s.nonempty.notify_all(); // wakes every waiting consumer
}

fn main() {
    let s = Arc::new(Shared {
        queue: Mutex::new(Queue { slots: [0; CAP], head: 0, tail: 0, count: 0, asleep: 0, wakeups: 0 }),
        nonempty: Condvar::new(),
        progress: Condvar::new(),
    });
    let consumers: Vec<_> = (0..2)
        .map(|_| {
            let s = Arc::clone(&s);
            thread::spawn(move || queue_get(&s))
        })
        .collect();

    let mut q = s.queue.lock().unwrap();
    while q.asleep < 2 {
        q = s.progress.wait(q).unwrap(); // both consumers wait on the empty queue
    }
    queue_put(&s, &mut q, 1); // one item for two waiting consumers
    while q.wakeups < 2 {
        q = s.progress.wait(q).unwrap(); // both have woken and acted on it
    }
    queue_put(&s, &mut q, 2); // the second consumer's item, if it is still waiting
    drop(q);

    let mut got: Vec<i32> = consumers.into_iter().map(|h| h.join().unwrap()).collect();
    got.sort();
    println!("consumed items: {} {}", got[0], got[1]);
}
