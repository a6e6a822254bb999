/* racelab-case
 * title: Address of a loop variable handed to a thread
 * bug: `pthread_create(&t[i], NULL, worker, &i)` gives every worker the address
 *   of the same variable `i`, which main keeps changing while the workers start.
 *   Each worker reads `*arg` whenever it gets to run: it can see a later id, the
 *   same id as another worker, or the value `i` has after the loop. Here every
 *   worker reads after the loop has ended, so all of them see 4 and the sum of
 *   ids is 16 instead of 0 + 1 + 2 + 3 = 6.
 * fix: Give each thread its own argument: a slot per thread in an array that
 *   outlives the threads, or the id itself cast into the pointer.
 * hint: Every worker gets `&i`. Whose variable is that, and what value does it hold
 *   when a worker finally reads it?
 * hint: Each thread needs an argument of its own that nobody changes after
 *   `pthread_create` and that outlives the thread; the address of the shared loop
 *   counter is neither.
 * hint: Give each thread its own slot: `static int ids[NTHREADS];`, set `ids[i] =
 *   i` and pass `&ids[i]` to `pthread_create` (or pass the value itself, `(void
 *   *)(intptr_t)i`, and cast it back in `worker`).
 * rust: `thread::spawn(|| use(&i))` is rejected (E0373: the closure may outlive
 *   `i`); with scoped threads, borrowing `i` while the loop changes it gives
 *   E0506. The idiom is `move`, which copies `i` into each closure.
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race
 * tsa: clean: no lock is involved, and the analysis checks only locks and the data
 *   they guard: it does not follow the address of `i` into the threads.
 * analyzer: clean: the analyzer reports a stack address only when it is returned or
 *   stored in a global; passing `&i` to pthread_create looks harmless to it, as it
 *   does not model the threads that read it.
 * tidy: clean: no clang-tidy check follows the argument of pthread_create into the
 *   thread.
 * oracle: stdout "sum of ids = 6"
 * threads: 4
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "racelab/handshake.h"

#define NTHREADS 4

/* Lets the workers run only after main's loop has ended. A test device: it
 * orders in time only, and the detectors see no synchronisation through it. */
static struct rl_handshake loop_done;

static void *worker(void *arg)
{
    rl_handshake_wait(&loop_done);
    int id = *(const int *)arg; /* BUG: reads main's `i`, which main has changed since */
    return (void *)(intptr_t)id;
}

int main(void)
{
    pthread_t t[NTHREADS];
    rl_handshake_init(&loop_done);
    int i;
    for (i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, &i); /* BUG: the same &i for every thread */
    for (int n = 0; n < NTHREADS; n++)
        rl_handshake_signal(&loop_done);

    int sum = 0;
    for (int n = 0; n < NTHREADS; n++) {
        void *id;
        pthread_join(t[n], &id);
        sum += (int)(intptr_t)id;
    }
    rl_handshake_destroy(&loop_done);
    printf("sum of ids = %d\n", sum);
    return 0;
}
