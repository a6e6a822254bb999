/* racelab-case
 * title: Join after detach (a detached thread cannot be joined)
 * discipline: Every thread is either joined or detached, exactly once, and
 *   the choice belongs to whoever creates it. Main needs the worker's result,
 *   so the worker stays joinable and main joins it: `pthread_join` waits for
 *   its end, hands over its return value and releases its resources. (A thread
 *   that is detached instead must report through something else, and must not
 *   use anything that can end before it, as nobody waits for it.)
 * rust: `let handle = thread::spawn(...); let sum = handle.join().unwrap();`:
 *   `join` consumes the handle, so a thread is joined at most once, and
 *   dropping the handle instead detaches it.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: n 100 50..100000
 * oracle: stdout "job result = {n*(n+1)/2}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

/* Kept from the buggy twin, where it keeps the worker waiting until main has
 * tried to join it. A test device: it orders in time only. Here main signals
 * it before joining (it would wait for ever otherwise). */
static struct rl_handshake join_tried;

static void *sum_job(void *arg)
{
    long n = (long)(intptr_t)arg, sum = 0;
    rl_handshake_wait(&join_tried);
    for (long i = 1; i <= n; i++)
        sum += i;
    return (void *)(intptr_t)sum;
}

static pthread_t start_job(long n)
{
    pthread_t t;
    pthread_create(&t, NULL, sum_job, (void *)(intptr_t)n);
    return t; /* FIX: left joinable: the caller joins it */
}

int main(void)
{
    rl_handshake_init(&join_tried);
    long n = rl_param("n", 100); /* the job sums 1..n */
    pthread_t t = start_job(n);
    void *result;
    rl_handshake_signal(&join_tried);
    int err = pthread_join(t, &result); /* FIX: the one join of a joinable thread */
    rl_handshake_destroy(&join_tried);
    char msg[64]; /* for strerror_r: strerror's buffer is shared by every thread */
    if (err != 0) /* the GNU strerror_r (_GNU_SOURCE) returns the message */
        printf("job result lost: pthread_join: %s\n", strerror_r(err, msg, sizeof msg));
    else
        printf("job result = %ld\n", (long)(intptr_t)result);
    return 0;
}
