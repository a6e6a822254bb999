/* racelab-rust
 * rustc: compiles
 * why: The flag is a `static AtomicBool`, stored with `Release` after the
 *   payload is written and loaded with `Acquire` before it is read: once the
 *   reader sees `true`, the writer's `DATA` store happened before its load.
 *   Safe Rust has no plain shared mutable static, so the payload is an atomic
 *   too; `Relaxed` is enough for it, the flag does the ordering.
 * oracle: stdout "data = 42"
 * timeout: 30
 */
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::thread;

static DATA: AtomicI32 = AtomicI32::new(0);
static READY: AtomicBool = AtomicBool::new(false); // FIX: an atomic flag, not a volatile one

fn main() {
    let reader = thread::spawn(|| {
        // FIX: acquire: once it reads true, the writer's `DATA` store happened before.
        while !READY.load(Ordering::Acquire) {
            std::hint::spin_loop();
        }
        println!("data = {}", DATA.load(Ordering::Relaxed));
    });
    let writer = thread::spawn(|| {
        DATA.store(42, Ordering::Relaxed);
        // FIX: release: the `DATA` store becomes visible no later than `READY`.
        READY.store(true, Ordering::Release);
    });
    reader.join().unwrap();
    writer.join().unwrap();
}
