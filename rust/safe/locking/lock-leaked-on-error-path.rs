/* racelab-rust
 * rustc: compiles
 * why: The Rust idiom: `settings_set` returns a `Result`, the error path is an
 *   early `return Err(..)` (and `load` passes it on with `?`); the
 *   `MutexGuard` is dropped, and the lock released, on every path out of the
 *   function. No guard is ever `mem::forget`-ed.
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

#[derive(Debug)]
struct NoSuchKey(usize);

// Set one value; an error if the key does not exist.
fn settings_set(s: &Mutex<Settings>, key: usize, value: i32) -> Result<(), NoSuchKey> {
    let mut g = s.lock().unwrap();
    if key >= NKEYS {
        g.rejected += 1;
        return Err(NoSuchKey(key)); // FIX (automatic): the guard is dropped, the lock released
    }
    g.value[key] = value;
    g.applied += 1;
    Ok(())
}

// Apply a batch of updates; a batch with a bad update is abandoned.
fn load(s: &Mutex<Settings>, updates: &[(usize, i32)]) -> Result<(), NoSuchKey> {
    for &(key, value) in updates {
        settings_set(s, key, value)?;
    }
    Ok(())
}

fn main() {
    let settings = Mutex::new(Settings { value: [0; NKEYS], applied: 0, rejected: 0 });
    let turn = Barrier::new(2); // the second loader starts after the first
    thread::scope(|s| {
        s.spawn(|| {
            let abandoned = load(&settings, &[(0, 10), (7, 99), (1, 11)]); // key 7: bad
            assert!(matches!(abandoned, Err(NoSuchKey(7))));
            turn.wait();
        });
        s.spawn(|| {
            turn.wait(); // wait until the first batch is done
            load(&settings, &[(2, 12), (3, 13)]).unwrap();
        });
    });
    let g = settings.lock().unwrap();
    println!("applied {}, rejected {}", g.applied, g.rejected);
}
