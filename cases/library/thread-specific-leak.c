/* racelab-case
 * title: Thread-specific buffer without a destructor (leak at thread exit)
 * bug: `format_entry()` needs a scratch buffer and keeps one per thread in
 *   thread-specific storage: the first call in a thread `malloc`s it and
 *   stores it with `pthread_setspecific`. The key is created with
 *   `pthread_key_create(&key, NULL)`: no destructor. When a thread ends, its
 *   slot is simply forgotten, and the buffer with it, so every thread that
 *   ever called `format_entry()` leaks one buffer (a server that starts a
 *   thread per connection leaks without bound). No race detector looks for
 *   leaks: only the count of live buffers that main prints shows it.
 * fix: Give the key a destructor, `pthread_key_create(&key, free)` (here one
 *   that also counts the buffer as freed): when a thread exits, the destructor
 *   runs with the value of each of its non-NULL slots. Or free the buffer
 *   before the thread returns.
 * hint: Each thread `malloc`s a scratch buffer and stores it with
 *   `pthread_setspecific`. Who frees it when the thread ends?
 * hint: Thread-specific storage owns its values only if the key has a
 *   destructor: it runs at thread exit for each of the thread's non-NULL slots.
 * hint: Write `scratch_free(void *buf)` that decrements `live_buffers` under
 *   `count_lock` and frees `buf`, and create the key with
 *   `pthread_key_create(&scratch_key, scratch_free)`.
 * task: `workers` threads each format `entries` entries in a scratch buffer of
 *   their own, made on first use; main prints how many entries were formatted
 *   and how many scratch buffers are still allocated at the end. One buffer
 *   per thread is never freed. Make every buffer freed by the time main
 *   prints, each thread still keeping its own buffer while it runs.
 * rust: a `thread_local!` value is dropped when its thread exits, so the same
 *   design in Rust frees every buffer: the Rust twin compiles and is correct.
 * tsan: wrong-result
 * helgrind: wrong-result
 * drd: wrong-result
 * tsa: clean: the counters are locked correctly; a slot with no destructor
 *   is not a locking error, and the analysis knows nothing of thread exit.
 * analyzer: clean: the buffer's address goes to `pthread_setspecific`,
 *   which the analyzer does not model: it assumes the pointer is kept there
 *   and freed later, and it knows nothing of thread exit, where the leak is.
 * tidy: clean: no clang-tidy check run here looks at the destructor of a
 *   thread-specific key.
 * cppcheck: clean: cppcheck's leak check follows one function's own pointers: a
 *   buffer handed to pthread_setspecific is out of its sight.
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

/* Allocation of scratch buffers, with a count of the live ones (freeing one
 * would decrement it: nothing here ever does). */
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
    return NULL; /* this thread's scratch buffer is never freed */
}

int main(void)
{
    pthread_t t[MAX_WORKERS];
    nworkers = (int)rl_param("workers", 4);
    nentries = (int)rl_param("entries", 100);
    if (nworkers < 1 || nworkers > MAX_WORKERS)
        return 2; /* outside the header's range: t[] has room for MAX_WORKERS */
    pthread_key_create(&scratch_key, NULL); /* BUG: no destructor for the slots */
    for (long i = 0; i < nworkers; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < nworkers; i++)
        pthread_join(t[i], NULL);
    pthread_key_delete(scratch_key); /* deleting a key frees none of its values */
    rl_mutex_lock(&count_lock);
    printf("formatted %ld entries, %d scratch buffers still allocated\n", entries_done,
           live_buffers);
    rl_mutex_unlock(&count_lock);
    return 0;
}
