/* racelab-case
 * title: Helper returning a static buffer, called from two threads
 * bug: `fmt_id()` formats a job id into `static char buf[16]` and returns
 *   `buf`: one buffer for every caller in the process. Two threads that call
 *   it write the same buffer, and each reads the result through a pointer the
 *   other thread can overwrite at any moment. Here worker 1 formats its id,
 *   worker 2 formats its own before worker 1 has copied the text out, and
 *   worker 1 copies worker 2's label: both workers end up with the same one.
 * fix: Let the caller supply the buffer (`fmt_id(id, buf, sizeof buf)`, as
 *   `strerror_r`, `ctime_r` do), or make the buffer `_Thread_local` so that
 *   each thread has its own.
 * hint: `fmt_id()` returns `buf`. Where does `buf` live, and how many threads
 *   write it?
 * hint: A helper called from several threads keeps no state between calls: it
 *   writes into a buffer its caller owns, as the reentrant `_r` functions of POSIX
 *   do (`strerror_r`, `ctime_r`).
 * hint: Change `fmt_id` to `fmt_id(int id, char *buf, size_t size)`, writing into
 *   the caller's buffer, and in `worker` pass it a local `char buf[LABEL]` of its
 *   own.
 * task: Two workers format their job ids, `job` and `job` + 1, into labels with
 *   the helper `fmt_id()` and keep a copy; main prints both labels. Both
 *   workers end up with the same label. Make each worker get the label of its
 *   own job, both workers still calling the helper.
 * wrong-fix: lock-write-only: A lock inside `fmt_id()` covers only the
 *   formatting: the caller reads the text after the lock is released, when the
 *   other worker may already have rewritten it.
 * wrong-fix: volatile: A `volatile` buffer is still one buffer for every caller:
 *   each worker's call still overwrites the other's text.
 * rust: A `static mut` buffer can be read and written only inside `unsafe`:
 *   without it, rustc rejects each access with E0133 (use of mutable static is
 *   unsafe). The idiom returns a fresh `String` (or keeps the buffer in a
 *   `thread_local!`).
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race, wrong-result
 * tsa: clean: no lock is involved, and the analysis checks only locks and the data
 *   they guard: a static buffer in a helper is just a variable to it.
 * analyzer: clean: the analyzer follows one path through one function; the writes
 *   to the static buffer are in two threads.
 * tidy: clean: concurrency-mt-unsafe knows only a list of libc names (strtok,
 *   localtime...), not the project's own non-reentrant helpers.
 * cppcheck: data-race
 * param: job 1 1..9998
 * oracle: stdout "labels: job-{job/1000}{job/100%10}{job/10%10}{job%10}
 *   job-{(job+1)/1000}{(job+1)/100%10}{(job+1)/10%10}{(job+1)%10}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

#define NWORKERS 2
#define LABEL    16

static int first_job; /* worker 1's job id, worker 2's is the next: the `job` parameter */

/* Worker 2 formats its id after worker 1 has formatted its own and before
 * worker 1 copies the result. A test device: it orders in time only, and the
 * detectors see no synchronisation through it. */
static struct rl_handshake w1_formatted, w2_copied;

static char labels[NWORKERS][LABEL]; /* one slot per worker */

/* noinline: inlined into both workers, clang could keep the text in registers
 * and delete the buffer, and the tools would see nothing (the bug stays). */
__attribute__((noinline)) static const char *fmt_id(int id)
{
    static char buf[LABEL]; /* BUG: one buffer shared by every caller, in every thread */
    snprintf(buf, sizeof buf, "job-%04d", id);
    return buf;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    if (id == 2)
        rl_handshake_wait(&w1_formatted);
    const char *label = fmt_id(first_job + id - 1);
    if (id == 1) {
        rl_handshake_signal(&w1_formatted);
        rl_handshake_wait(&w2_copied);
    }
    strcpy(labels[id - 1], label); /* BUG: reads the buffer another thread may have rewritten */
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
