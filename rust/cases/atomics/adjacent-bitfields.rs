/* racelab-rust
 * rustc: rejected E0499
 * why: Rust has no bit-fields: packed flags are bits of one integer, updated
 *   with `|=`. Both scoped threads' closures must then borrow that one
 *   integer mutably, and the borrow checker allows only one `&mut` at a time:
 *   the second closure is rejected (E0499: cannot borrow `status` as mutable
 *   more than once at a time). Rust makes the hidden sharing of the C
 *   bit-fields visible: two flags in one integer are one value.
 */
use std::thread;

const LOADED: u8 = 1 << 0; // set by the loader
const SAVED: u8 = 1 << 1; // set by the saver

fn main() {
    let mut status: u8 = 0; // BUG: one byte holds both flags; setting one rewrites the other
    thread::scope(|s| {
        s.spawn(|| status |= LOADED);
        s.spawn(|| status |= SAVED); // E0499: a second mutable borrow of `status`
    });
    println!(
        "loaded = {}, saved = {}",
        (status & LOADED != 0) as u8,
        (status & SAVED != 0) as u8
    );
}
