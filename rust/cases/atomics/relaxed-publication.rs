/* racelab-rust
 * rustc: rejected E0133
 * why: The flag can be a `static AtomicBool` stored and loaded `Relaxed`,
 *   but the plain payload must be a `static mut`, and rustc rejects every
 *   read and write of a `static mut` outside `unsafe` (E0133: "use of mutable
 *   static is unsafe"). The relaxed flag cannot make the payload safe to share,
 *   and rustc does not try to tell: the C program's data race cannot be
 *   written in safe Rust. (An all-atomic version, with `Relaxed` everywhere,
 *   compiles: no undefined behaviour, but no guarantee that the reader sees 42.)
 */
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

static mut DATA: i32 = 0;
static READY: AtomicBool = AtomicBool::new(false);

fn main() {
    let reader = thread::spawn(|| {
        // BUG: relaxed: seeing `true` orders nothing before the read of `DATA`
        while !READY.load(Ordering::Relaxed) {}
        println!("data = {}", DATA); // races with the writer's `DATA = 42`
    });
    let writer = thread::spawn(|| {
        DATA = 42;
        // BUG: relaxed: the flag is atomic, but it publishes nothing
        READY.store(true, Ordering::Relaxed);
    });
    reader.join().unwrap();
    writer.join().unwrap();
}
