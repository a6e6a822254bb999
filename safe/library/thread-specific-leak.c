/* racelab-case
 * title: Thread-specific buffer without a destructor (leak at thread exit)
 * discipline: Whatever a thread stores in thread-specific storage is owned by
 *   that slot, so the key gets a destructor: `pthread_key_create(&key,
 *   scratch_free)`. When a thread exits, the destructor runs with the value of
 *   each of its non-NULL slots, before `pthread_join` returns, and every
 *   scratch buffer is freed.
 * rust: `thread_local! { static SCRATCH: RefCell<String> }`: the value is
 *   dropped when its thread exits.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: workers 4 4..8
 * param: entries 100 50..150
 * oracle: stdout "formatted {workers*entries} entries, 0 scratch buffers still allocated"
 * threads: 4
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/guarded.h"
#include "racelab/param.h"

#define MAX_WORKERS 8
#define SCRATCH     64

static int nworkers; /* threads main starts: the `workers` parameter, up to MAX_WORKERS */
static int nentries; /* entries each thread formats: the `entries` parameter */

static pthread_key_t scratch_key;

/* Allocation of scratch buffers, with a count of the live ones. */
static rl_mutex count_lock = RL_MUTEX_INITIALIZER;
static int live_buffers GUARDED_BY(count_lock);
static long entries_done GUARDED_BY(count_lock);

static char *scratch_new(void) EXCLUDES(count_lock)
{
    char *buf = malloc(SCRATCH);
    if (!buf)
        abort();
    rl_mutex_lock(&count_lock);
    live_buffers++;
    rl_mutex_unlock(&count_lock);
    return buf;
}

static void scratch_free(void *buf) EXCLUDES(count_lock)
{
    rl_mutex_lock(&count_lock);
    live_buffers--;
    rl_mutex_unlock(&count_lock);
    free(buf);
}

/* Formats an entry in this thread's scratch buffer, made on first use. */
static const char *format_entry(int thread, int n)
{
    char *buf = pthread_getspecific(scratch_key);
    if (!buf) {
        buf = scratch_new();
        pthread_setspecific(scratch_key, buf);
    }
    snprintf(buf, SCRATCH, "thread %d, entry %d", thread, n);
    return buf;
}

static void *worker(void *arg) EXCLUDES(count_lock)
{
    int id = (int)(long)arg;
    long done = 0;
    for (int n = 0; n < nentries; n++)
        if (format_entry(id, n)[0] == 't')
            done++;
    rl_mutex_lock(&count_lock);
    entries_done += done;
    rl_mutex_unlock(&count_lock);
    return NULL; /* on the way out, the key's destructor frees the buffer */
}

int main(void)
{
    pthread_t t[MAX_WORKERS];
    nworkers = (int)rl_param("workers", 4);
    nentries = (int)rl_param("entries", 100);
    if (nworkers < 1 || nworkers > MAX_WORKERS)
        return 2; /* outside the header's range: t[] has room for MAX_WORKERS */
    /* FIX: the destructor frees each thread's buffer when the thread exits. */
    pthread_key_create(&scratch_key, scratch_free);
    for (long i = 0; i < nworkers; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < nworkers; i++)
        pthread_join(t[i], NULL);
    pthread_key_delete(scratch_key); /* after the joins: every slot is already empty */
    rl_mutex_lock(&count_lock);
    printf("formatted %ld entries, %d scratch buffers still allocated\n", entries_done,
           live_buffers);
    rl_mutex_unlock(&count_lock);
    return 0;
}
