//! The work: the naive doubly recursive Fibonacci, the same algorithm as the C
//! benchmark, kept out of the optimiser's reach.

use std::ptr;

/// Largest N accepted: fib(60) already needs days, and JOBS * fib(60) fits u64.
pub const MAX_N: u32 = 60;

/// Hides a value from the optimiser. std::hint::black_box would say this, but
/// it is stable only from Rust 1.66 and Debian's rustc is 1.63; a volatile
/// read is a load the compiler must perform and whose value it cannot know.
#[inline(always)]
pub fn opaque<T: Copy>(value: T) -> T {
    // SAFETY: reads a live, aligned, initialised local.
    unsafe { ptr::read_volatile(&value) }
}

/// fib is pure, so without `opaque` around each job's argument the compiler
/// may compute fib(N) once for three jobs, or fold it for a constant N. This
/// happens: built without `opaque`, rustc 1.95's release `seq` took 2.4 ms at
/// N = 30 for 1, 3 or 6 jobs alike (rustc 1.63 did not merge the calls), a
/// sequential run that looks faster than the parallel ones because it does a
/// third of their work. `inline(never)` keeps it one real function,
/// as `noinline` does in C.
#[inline(never)]
pub fn fib(n: u32) -> u64 {
    if n < 2 {
        u64::from(n)
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

/// One job: fib of a hidden copy of n.
pub fn job(n: u32) -> u64 {
    fib(opaque(n))
}

/// The reference answer for `correct`, by iteration: independent of the code
/// under test and cheap, so checking costs nothing even at large N.
pub fn fib_iterative(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        let next = a + b;
        a = b;
        b = next;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recursive_matches_iterative() {
        for n in 0..=25 {
            assert_eq!(fib(n), fib_iterative(n));
        }
        assert_eq!(fib_iterative(30), 832_040);
    }
}
