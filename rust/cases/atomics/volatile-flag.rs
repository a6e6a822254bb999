/* racelab-rust
 * rustc: rejected E0133
 * why: Rust has no `volatile` variables; the closest mirror is a `static mut`
 *   flag written and read with `ptr::write_volatile`/`ptr::read_volatile`, and
 *   a `static mut` payload. rustc rejects reading or writing a `static mut`
 *   outside `unsafe` (E0133: "use of mutable static is unsafe"), because two
 *   threads can reach it at once, and the volatile functions are `unsafe fn`s
 *   themselves (E0133 again). Safe Rust cannot write the racy flag at all.
 */
use std::ptr;
use std::thread;

static mut DATA: i32 = 0;
static mut READY: i32 = 0; // BUG: a volatile flag is not a synchronisation primitive

fn main() {
    let reader = thread::spawn(|| {
        // BUG: a volatile load synchronises with nothing
        while ptr::read_volatile(ptr::addr_of!(READY)) == 0 {}
        println!("data = {}", DATA); // races with the writer's `DATA = 42`
    });
    let writer = thread::spawn(|| {
        DATA = 42;
        // BUG: a volatile store; nothing orders `DATA = 42` before it
        ptr::write_volatile(ptr::addr_of_mut!(READY), 1);
    });
    reader.join().unwrap();
    writer.join().unwrap();
}
