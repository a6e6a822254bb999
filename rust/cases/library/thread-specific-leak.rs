/* racelab-rust
 * rustc: compiles
 * why: The mirror of `pthread_key_create(&key, NULL)` is a `thread_local!`
 *   slot that the first call fills with a scratch buffer, and nothing that
 *   frees it. But Rust has no slot without a destructor: a `thread_local!`
 *   value is dropped when its thread exits (its `Drop` runs, the buffer is
 *   freed) before `join` returns. So Rust's version of the idea is correct
 *   and the count of live buffers is 0 after the joins.
 * symptom: none
 * oracle: stdout "formatted 400 entries, 0 scratch buffers still allocated"
 * timeout: 30
 */
use std::cell::RefCell;
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

const NTHREADS: usize = 4;
const ENTRIES: usize = 100;

static LIVE_BUFFERS: AtomicUsize = AtomicUsize::new(0);

// A scratch buffer that counts the live ones.
struct Scratch(String);

impl Scratch {
    fn new() -> Scratch {
        LIVE_BUFFERS.fetch_add(1, Ordering::Relaxed);
        Scratch(String::with_capacity(64))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        LIVE_BUFFERS.fetch_sub(1, Ordering::Relaxed);
    }
}

thread_local! {
    // The slot, empty in every new thread; no destructor is written for it.
    static SCRATCH: RefCell<Option<Scratch>> = RefCell::new(None);
}

// Formats an entry in this thread's scratch buffer, made on first use.
fn format_entry(thread: usize, n: usize) -> bool {
    SCRATCH.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(Scratch::new());
        }
        let buf = &mut slot.as_mut().unwrap().0;
        buf.clear();
        write!(buf, "thread {}, entry {}", thread, n).unwrap();
        buf.starts_with('t')
    })
}

fn main() {
    let workers: Vec<_> = (0..NTHREADS)
        .map(|id| thread::spawn(move || (0..ENTRIES).filter(|&n| format_entry(id, n)).count()))
        .collect();
    let entries: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    println!(
        "formatted {} entries, {} scratch buffers still allocated",
        entries,
        LIVE_BUFFERS.load(Ordering::Relaxed)
    );
}
