/* racelab-rust
 * rustc: compiles
 * why: `std::sync::Once` is Rust's `pthread_once`: `call_once` runs the
 *   closure exactly once, makes every other caller wait until it has
 *   returned, and orders what it did before every return. The closure
 *   publishes the configuration through an `AtomicPtr`; the one `unsafe`
 *   dereference is sound because the pointer is set before `call_once`
 *   returns and never changed or freed. (Since Rust 1.70, `OnceLock` wraps
 *   exactly this without any `unsafe` in user code; Debian's rustc 1.63 lacks
 *   it.)
 * oracle: stdout "one config, port 8080"
 * timeout: 30
 */
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::mpsc;
use std::sync::Once;
use std::thread;

struct Config {
    port: i32,
}

static CONFIG: AtomicPtr<Config> = AtomicPtr::new(ptr::null_mut()); // set once, by CONFIG_ONCE
static CONFIG_ONCE: Once = Once::new();

fn get_config() -> &'static Config {
    // FIX: `call_once` orders the creation before every return from it.
    CONFIG_ONCE.call_once(|| {
        let c = Box::into_raw(Box::new(Config { port: 8080 }));
        CONFIG.store(c, Ordering::Release);
    });
    // SAFETY: set (non-null) before `call_once` returned, never changed or freed.
    unsafe { &*CONFIG.load(Ordering::Acquire) }
}

fn main() {
    let (created_tx, created_rx) = mpsc::channel();
    let first = thread::spawn(move || {
        let c = get_config(); // creates it
        created_tx.send(()).unwrap();
        c as *const Config as usize
    });
    let second = thread::spawn(move || {
        created_rx.recv().unwrap();
        let c = get_config(); // the fast path: `call_once` returns at once
        (c as *const Config as usize, c.port)
    });
    let a = first.join().unwrap();
    let (b, port) = second.join().unwrap();
    if a == b {
        println!("one config, port {}", port);
    } else {
        println!("two configs");
    }
}
