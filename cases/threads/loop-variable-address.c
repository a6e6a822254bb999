/* racelab-case
 * title: Address of a loop variable handed to a thread
 * bug: `pthread_create(&t[i], NULL, worker, &i)` gives every worker the address
 *   of the same variable `i`, which main keeps changing while the workers start.
 *   Each worker reads `*arg` whenever it gets to run: it can see a later id, the
 *   same id as another worker, or the value `i` has after the loop. Here every
 *   worker reads after the loop has ended, so all of them see `workers` (the
 *   value of `i` after the loop): with 4 workers the sum of ids is 16 instead
 *   of 0 + 1 + 2 + 3 = 6.
 * fix: Give each thread its own argument: a slot per thread in an array that
 *   outlives the threads, or the id itself cast into the pointer.
 * hint: Every worker gets `&i`. Whose variable is that, and what value does it hold
 *   when a worker finally reads it?
 * hint: Each thread needs an argument of its own that nobody changes after
 *   `pthread_create` and that outlives the thread; the address of the shared loop
 *   counter is neither.
 * hint: Give each thread its own slot: `static int ids[MAX_WORKERS];`, set
 *   `ids[i] = i` and pass `&ids[i]` to `pthread_create` (or pass the value
 *   itself, `(void *)(intptr_t)i`, and cast it back in `worker`).
 * task: main starts `workers` threads and gives each its id, 0 to `workers` - 1;
 *   each worker returns the id it got, and main adds them up. The sum comes
 *   out wrong: the workers do not see the ids they were given. Make every
 *   worker see its own id, all of them still started by the loop.
 * wrong-fix: volatile: A `volatile int i` is still one variable for all the
 *   workers, and main still changes it after each `pthread_create`: every
 *   worker reads whatever it holds when the worker gets to run.
 * wrong-fix: sleep: A pause in the loop only makes it likely that a worker reads
 *   `i` before main changes it; nothing guarantees it (here the workers read
 *   only after the loop), and the tools still see main's write racing the read.
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
 * cppcheck: clean: cppcheck has no model of threads: of concurrency it checks
 *   only POSIX's non-reentrant functions (`--library=posix`) and function-local
 *   statics (the `threadsafety` addon); the loop variable is an automatic one,
 *   whose address escapes to the threads.
 * param: workers 4 4..8
 * oracle: stdout "sum of ids = {workers*(workers-1)/2}"
 * threads: 4
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

#define MAX_WORKERS 8

static int nworkers; /* threads main starts: the `workers` parameter, up to MAX_WORKERS */

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
    pthread_t t[MAX_WORKERS];
    nworkers = (int)rl_param("workers", 4);
    if (nworkers < 1 || nworkers > MAX_WORKERS)
        return 2; /* outside the header's range: t[] has room for MAX_WORKERS */
    rl_handshake_init(&loop_done);
    int i;
    for (i = 0; i < nworkers; i++)
        pthread_create(&t[i], NULL, worker, &i); /* BUG: the same &i for every thread */
    for (int n = 0; n < nworkers; n++)
        rl_handshake_signal(&loop_done);

    int sum = 0;
    for (int n = 0; n < nworkers; n++) {
        void *id;
        pthread_join(t[n], &id);
        sum += (int)(intptr_t)id;
    }
    rl_handshake_destroy(&loop_done);
    printf("sum of ids = %d\n", sum);
    return 0;
}
