/* racelab-case
 * title: Address of a loop variable handed to a thread
 * discipline: Each thread gets an argument of its own: `ids[i]` is a slot that
 *   only thread `i` reads, written before `pthread_create` (which orders the
 *   write before everything the new thread does) and never changed afterwards.
 *   The slots must outlive the workers: a static array here (a local array in
 *   main would do too, as main joins every worker before returning). For a small
 *   integer, passing the value itself, `(void *)(intptr_t)i`, works as well.
 * rust: `for i in 0..4 { handles.push(thread::spawn(move || i)) }`: `move`
 *   copies `i` into each closure, and the sum comes back through `join()`.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * cppcheck: n/a: cppcheck's threadsafety addon warns about every function-local
 *   static, and this twin's fix is one: `ids`, which only main writes, before
 *   the threads start, and which lives until every join. The addon cannot tell
 *   a static one thread writes from one several share.
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
    int id = *(const int *)arg; /* its own slot: nobody writes it any more */
    return (void *)(intptr_t)id;
}

int main(void)
{
    pthread_t t[MAX_WORKERS];
    nworkers = (int)rl_param("workers", 4);
    if (nworkers < 1 || nworkers > MAX_WORKERS)
        return 2; /* outside the header's range: t[] has room for MAX_WORKERS */
    rl_handshake_init(&loop_done);
    static int ids[MAX_WORKERS]; /* FIX: one slot per thread, alive until every join */
    for (int i = 0; i < nworkers; i++) {
        ids[i] = i;
        pthread_create(&t[i], NULL, worker, &ids[i]);
    }
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
