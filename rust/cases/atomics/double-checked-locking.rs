/* racelab-rust
 * rustc: rejected E0133
 * why: The lazily created configuration must live in a `static mut` pointer,
 *   tested without the lock on the fast path. rustc rejects every read and
 *   write of a `static mut` outside `unsafe` (E0133: "use of mutable static
 *   is unsafe"), and dereferencing the raw pointer too (E0133): the `Mutex`
 *   beside the pointer does not guard it, and rustc cannot know that it is
 *   meant to. The unlocked read of the C program cannot be written in safe
 *   Rust.
 */
use std::ptr;
use std::sync::mpsc;
use std::sync::Mutex;
use std::thread;

struct Config {
    port: i32,
}

static mut CONFIG: *mut Config = ptr::null_mut(); // created on first use
static CONFIG_LOCK: Mutex<()> = Mutex::new(());

fn get_config() -> &'static Config {
    if CONFIG.is_null() {
        // BUG: the test above reads `CONFIG` unlocked, racing with the store below
        let _guard = CONFIG_LOCK.lock().unwrap();
        if CONFIG.is_null() {
            CONFIG = Box::into_raw(Box::new(Config { port: 8080 }));
        }
    }
    &*CONFIG
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
        let c = get_config(); // the fast path: never locks
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
