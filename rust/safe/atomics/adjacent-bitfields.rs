/* racelab-rust
 * rustc: compiles
 * why: Each flag is a field of its own, a separate memory location, and
 *   since edition 2021 a closure captures only the fields it uses: the loader
 *   borrows `status.loaded` mutably, the saver `status.saved`, and the borrow
 *   checker accepts the two disjoint `&mut` borrows. (Flags that must share a
 *   byte would be an `AtomicU8` set with `fetch_or`.)
 * oracle: stdout "loaded = 1, saved = 1"
 * timeout: 30
 */
use std::thread;

// FIX: two fields, two memory locations: each write touches its own byte.
struct Status {
    loaded: bool, // set by the loader
    saved: bool,  // set by the saver
}

fn main() {
    let mut status = Status {
        loaded: false,
        saved: false,
    };
    thread::scope(|s| {
        s.spawn(|| status.loaded = true); // borrows only `status.loaded`
        s.spawn(|| status.saved = true); // borrows only `status.saved`
    });
    println!(
        "loaded = {}, saved = {}",
        status.loaded as u8, status.saved as u8
    );
}
