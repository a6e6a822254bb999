/* racelab-case
 * title: Race on free (use after free across threads)
 * bug: main hands `array` to a worker and then frees it while the worker still
 *   uses it: the worker's `array[10] += amount` writes into freed memory,
 *   which the allocator may already have given to someone else. Here the
 *   worker writes after the free every time.
 * fix: Free only after the last user is done: join the worker before `free`
 *   (or give the array a reference count that the last user drops).
 * hint: Look at the order in main: `free(array)` comes before what? Can the worker
 *   still touch the array after the free?
 * hint: Memory shared with a thread may be freed only after its last user is done;
 *   `pthread_join` says the worker has finished, and orders its writes before
 *   whatever main does next.
 * hint: Move `free(array)` after `pthread_join(t, &wrote)`; keep
 *   `rl_handshake_signal(&go)` before the join, or the worker would wait for ever.
 * task: main hands a heap array to a worker, which adds `amount` to one of its
 *   elements and reports the new value. The value printed looks right, but the
 *   tools report the worker writing memory that main has already freed. Make
 *   every use of the array safe, the worker still doing the addition.
 * wrong-fix: sleep: A pause before `free` does not tell main that the worker is
 *   done: the worker may not even have run yet (here it has not), and the
 *   tools still see nothing that orders its write before the free.
 * rust: `drop(v)` in main while a scoped thread still borrows `v` is rejected
 *   (E0505: cannot move out of `v` because it is borrowed); with `thread::spawn`
 *   the borrowing closure is rejected first (E0373). The idiom is an `Arc`.
 * tsan: use-after-free
 * helgrind: n/a: Helgrind stops tracking a block once it is freed, so it never
 *   compares the worker's later write with the free (not even with
 *   --free-is-write=yes).
 * drd: data-race
 * tsa: clean: no lock is involved, and the analysis checks only locks and the data
 *   they guard: it does not know the worker still uses `array`.
 * analyzer: clean: the analyzer sees `array` escape into pthread_create and stops
 *   tracking it; it does not model the thread that writes it after the free.
 * tidy: clean: no clang-tidy check relates a free to the threads that still use the
 *   memory.
 * cppcheck: clean: cppcheck has no model of threads: of concurrency it checks
 *   only POSIX's non-reentrant functions (`--library=posix`) and function-local
 *   statics (the `threadsafety` addon); its use-after-free check follows one
 *   function, and the free is in another thread.
 * param: amount 1 1..1000000
 * oracle: stdout "worker wrote array[10] = {amount}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

#define LEN 16

static int amount; /* what the worker adds to array[10]: the `amount` parameter */

/* Lets the worker touch the array only after main's free. A test device: it
 * orders in time only, and the detectors see no synchronisation through it. */
static struct rl_handshake go;

static void *worker(void *arg)
{
    int *array = arg;
    rl_handshake_wait(&go);
    array[10] += amount; /* BUG: main has already freed `array` */
    return (void *)(intptr_t)array[10];
}

int main(void)
{
    amount = (int)rl_param("amount", 1);
    int *array = calloc(LEN, sizeof *array);
    if (array == NULL)
        return 1;
    rl_handshake_init(&go);
    pthread_t t;
    pthread_create(&t, NULL, worker, array);
    free(array); /* BUG: the worker still uses the array */
    rl_handshake_signal(&go);
    void *wrote;
    pthread_join(t, &wrote);
    rl_handshake_destroy(&go);
    printf("worker wrote array[10] = %d\n", (int)(intptr_t)wrote);
    return 0;
}
