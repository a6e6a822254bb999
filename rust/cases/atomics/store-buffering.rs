/* racelab-rust
 * rustc: compiles
 * why: Rust allows this: `X.store(1, Release); Y.load(Acquire)` against
 *   `Y.store(1, Release); X.load(Acquire)` on `static AtomicI32`s is safe code
 *   with no data race. Rust's orderings are C++'s: a release store followed by
 *   an acquire load of another variable may be reordered, and on x86 each
 *   store waits in a store buffer while the load runs ahead, so both threads
 *   can read 0. Two threads, kept on two CPUs (`libc::sched_setaffinity`,
 *   which std lacks), repeat the rounds for two seconds: the outcome shows up
 *   in every run.
 * symptom: wrong-result
 * oracle: stdout "r1 == r2 == 0 in 0 rounds"
 * timeout: 30
 */
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const RUN_FOR: Duration = Duration::from_secs(2); // how long to keep trying

static X: AtomicI32 = AtomicI32::new(0); // thread 0's flag
static Y: AtomicI32 = AtomicI32::new(0); // thread 1's flag
static R1: AtomicI32 = AtomicI32::new(0); // what thread 0 read of `Y` this round
static R2: AtomicI32 = AtomicI32::new(0); // what thread 1 read of `X` this round
static ARRIVALS: AtomicU32 = AtomicU32::new(0); // the round barrier, see meet()
static STOP: AtomicBool = AtomicBool::new(false); // set by thread 0 when time is up

/// A spinning two-thread barrier: the outcome needs both threads to store and
/// load within nanoseconds of each other, and `std::sync::Barrier` wakes its
/// waiter microseconds late. The thread that arrives last would run ahead of
/// the one that sees its arrival, so it waits a pseudo-random 0 to 3 turns of
/// a loop (about a hundred cycles at most in the unoptimised build racelab
/// makes): in some rounds the two line up.
fn meet(seed: &mut u32) {
    let ticket = ARRIVALS.fetch_add(1, Ordering::SeqCst);
    if ticket % 2 == 1 {
        *seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        for _ in 0..(*seed >> 16) % 4 {
            std::hint::spin_loop();
        }
        return;
    }
    let mut spins = 0;
    while ARRIVALS.load(Ordering::SeqCst) < ticket.wrapping_add(2) {
        spins += 1;
        if spins == 10_000 {
            thread::yield_now(); // the other thread is not running: let others run
            spins = 0;
        }
    }
}

/// Keeps the calling thread on the `nth` CPU it may use, so that the two
/// threads really run at the same time (a busy machine's scheduler may put
/// both on one CPU, where the outcome cannot happen). No effect where that fails.
fn run_on_cpu(nth: usize) {
    // SAFETY: cpu_set_t is plain data; the calls only read and write `set`.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of_val(&set), &mut set) != 0 {
            return;
        }
        let allowed: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &set))
            .collect();
        if let Some(&cpu) = allowed.get(nth) {
            libc::CPU_ZERO(&mut set);
            libc::CPU_SET(cpu, &mut set);
            libc::sched_setaffinity(0, std::mem::size_of_val(&set), &set);
        }
    }
}

fn main() {
    let t0 = thread::spawn(|| {
        run_on_cpu(0);
        let mut seed = 1;
        let (mut rounds, mut both_zero) = (0u64, 0u64);
        let start = Instant::now();
        loop {
            if rounds % 1024 == 0 && start.elapsed() >= RUN_FOR {
                STOP.store(true, Ordering::SeqCst); // the next meet() shows it to thread 1
            }
            meet(&mut seed);
            if STOP.load(Ordering::SeqCst) {
                break;
            }
            // BUG: a release store, then an acquire load of another variable:
            // the load may be performed while the store is still buffered
            X.store(1, Ordering::Release);
            R1.store(Y.load(Ordering::Acquire), Ordering::Relaxed);
            meet(&mut seed);
            rounds += 1;
            if R1.load(Ordering::Relaxed) == 0 && R2.load(Ordering::Relaxed) == 0 {
                both_zero += 1;
            }
            // Reset for the next round; the next meet() orders it before.
            X.store(0, Ordering::Relaxed);
            Y.store(0, Ordering::Relaxed);
        }
        (rounds, both_zero)
    });
    let t1 = thread::spawn(|| {
        run_on_cpu(1);
        let mut seed = 2;
        loop {
            meet(&mut seed);
            if STOP.load(Ordering::SeqCst) {
                break;
            }
            // BUG: the mirror image: both loads can run ahead of both stores
            Y.store(1, Ordering::Release);
            R2.store(X.load(Ordering::Acquire), Ordering::Relaxed);
            meet(&mut seed);
        }
    });
    let (rounds, both_zero) = t0.join().unwrap();
    t1.join().unwrap();
    // How many rounds fit in the time depends on the machine: that goes to
    // stderr; the verdict line stays comparable.
    eprintln!("{} rounds in {} seconds", rounds, RUN_FOR.as_secs());
    println!("r1 == r2 == 0 in {} rounds", both_zero);
}
