/* racelab-case
 * title: Race on free (use after free across threads)
 * discipline: Memory shared with a thread is freed only after its last user is
 *   done: main joins the worker first, and `pthread_join` orders everything the
 *   worker did before the `free`. (When the last user is not known in advance,
 *   a reference count does the same: whoever drops the last reference frees.)
 * rust: `let a = Arc::new(vec); let b = Arc::clone(&a); thread::spawn(move ||
 *   use(b));` the Vec is freed when the last `Arc` is dropped.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* Kept from the buggy twin, where it makes the worker run after main's free.
 * A test device: it orders in time only; the join below is what synchronises. */
static struct rl_handshake go;

static void *worker(void *arg)
{
    int *array = arg;
    rl_handshake_wait(&go);
    array[10] += amount; /* main frees `array` only after joining this thread */
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
    rl_handshake_signal(&go);
    void *wrote;
    pthread_join(t, &wrote);
    free(array); /* FIX: after the join, no other thread can still use the array */
    rl_handshake_destroy(&go);
    printf("worker wrote array[10] = %d\n", (int)(intptr_t)wrote);
    return 0;
}
