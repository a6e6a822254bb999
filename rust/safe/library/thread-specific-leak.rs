/* racelab-rust
 * rustc: compiles
 * why: The idiom: a `thread_local!` scratch buffer, created by the slot's own
 *   initialiser on a thread's first use and dropped when the thread exits,
 *   before `join` returns. The destructor is the type's `Drop`; no code has
 *   to remember to register it.
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
    // FIX (built in): initialised on first use, dropped at thread exit.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

// Formats an entry in this thread's scratch buffer.
fn format_entry(thread: usize, n: usize) -> bool {
    SCRATCH.with(|scratch| {
        let buf = &mut scratch.borrow_mut().0;
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
