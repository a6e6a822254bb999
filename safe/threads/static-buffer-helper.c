/* racelab-case
 * title: Helper returning a static buffer, called from two threads
 * discipline: A helper that is called from several threads keeps no state of
 *   its own between calls: `fmt_id()` writes into a buffer its caller supplies
 *   (and owns), as the reentrant `_r` functions of POSIX do (`strerror_r`,
 *   `ctime_r`). Each worker passes a buffer of its own, so no two threads ever
 *   write or read the same bytes. Declaring the static buffer `_Thread_local` would
 *   work too, but the text would still be overwritten by the same thread's
 *   next call.
 * rust: `fn fmt_id(id: u32) -> String { format!("job-{:04}", id) }`: each call
 *   returns a `String` of its own, owned by the caller.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: job 1 1..9998
 * oracle: stdout "labels: job-{job/1000}{job/100%10}{job/10%10}{job%10}
 *   job-{(job+1)/1000}{(job+1)/100%10}{(job+1)/10%10}{(job+1)%10}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

#define NWORKERS 2
#define LABEL    16

static int first_job; /* worker 1's job id, worker 2's is the next: the `job` parameter */

/* Kept from the buggy twin, where it makes worker 2 format its id between
 * worker 1's formatting and worker 1's copy. A test device: it orders in time
 * only. */
static struct rl_handshake w1_formatted, w2_copied;

static char labels[NWORKERS][LABEL]; /* one slot per worker */

/* noinline, as in the buggy twin. */
__attribute__((noinline)) static const char *fmt_id(int id, char *buf, size_t size)
{
    /* FIX: the caller's buffer: nothing is shared between calls */
    snprintf(buf, size, "job-%04d", id);
    return buf;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    if (id == 2)
        rl_handshake_wait(&w1_formatted);
    char buf[LABEL]; /* FIX: the caller's own buffer, which no other thread sees */
    const char *label = fmt_id(first_job + id - 1, buf, sizeof buf);
    if (id == 1) {
        rl_handshake_signal(&w1_formatted);
        rl_handshake_wait(&w2_copied);
    }
    strcpy(labels[id - 1], label); /* reads this thread's own buffer */
    if (id == 2)
        rl_handshake_signal(&w2_copied);
    return NULL;
}

int main(void)
{
    first_job = (int)rl_param("job", 1);
    rl_handshake_init(&w1_formatted);
    rl_handshake_init(&w2_copied);
    pthread_t t[NWORKERS];
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)(i + 1));
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(t[i], NULL);
    rl_handshake_destroy(&w1_formatted);
    rl_handshake_destroy(&w2_copied);
    printf("labels: %s %s\n", labels[0], labels[1]);
    return 0;
}
