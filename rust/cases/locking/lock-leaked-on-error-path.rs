/* racelab-rust
 * rustc: compiles
 * why: The same code is correct in Rust: the early `return -1` leaves the
 *   function with the `MutexGuard` in scope, and dropping it unlocks the
 *   `Mutex`, on this path as on every other (a `?` or a panic too). The first
 *   loader abandons its batch holding no lock, and the second loader and main
 *   lock as usual. Only an explicit `mem::forget(guard)` (safe, and visible in
 *   the code) would leak the lock.
 * symptom: none
 * oracle: stdout "applied 3, rejected 1"
 * timeout: 5
 */
use std::sync::{Barrier, Mutex};
use std::thread;

const NKEYS: usize = 4;

struct Settings {
    value: [i32; NKEYS],
    applied: u32,
    rejected: u32,
}

// Set one value; -1 if the key does not exist.
fn settings_set(s: &Mutex<Settings>, key: usize, value: i32) -> i32 {
    let mut g = s.lock().unwrap();
    if key >= NKEYS {
        g.rejected += 1;
        return -1; // as in C, but the guard is dropped here: the lock is released
    }
    g.value[key] = value;
    g.applied += 1;
    0
}

// Apply a batch of updates; a batch with a bad update is abandoned.
fn load(s: &Mutex<Settings>, updates: &[(usize, i32)]) {
    for &(key, value) in updates {
        if settings_set(s, key, value) != 0 {
            return;
        }
    }
}

fn main() {
    let settings = Mutex::new(Settings { value: [0; NKEYS], applied: 0, rejected: 0 });
    let turn = Barrier::new(2); // the second loader starts after the first
    thread::scope(|s| {
        s.spawn(|| {
            load(&settings, &[(0, 10), (7, 99), (1, 11)]); // key 7: bad
            turn.wait();
        });
        s.spawn(|| {
            turn.wait(); // wait until the first batch is done
            load(&settings, &[(2, 12), (3, 13)]);
        });
    });
    let g = settings.lock().unwrap();
    println!("applied {}, rejected {}", g.applied, g.rejected);
}
