/* racelab-case
 * title: Re-locking a non-recursive mutex in a helper (self-deadlock)
 * bug: `log_append()` locks `log->lock` and, when the buffer is full, calls
 *   the public `log_flush()` to empty it. `log_flush()` locks `log->lock` too,
 *   but its caller already holds it. A default mutex is not recursive: the
 *   second lock waits for the lock's owner, which is the waiting thread itself,
 *   so the thread blocks forever on the first full buffer (and the other thread
 *   blocks behind it).
 * fix: Split the helper: `log_flush_locked()` does the work and requires the
 *   caller to hold the lock (say so in a comment, or annotate it for clang's
 *   `-Wthread-safety` with `REQUIRES(log->lock)`); the public `log_flush()`
 *   locks and calls it, and `log_append()` calls the `_locked` version. An
 *   error-checking mutex in debug builds makes the re-lock fail with EDEADLK
 *   instead of hanging.
 * rust: rustc allows it: a second `lock()` on a `Mutex` the thread already
 *   holds type-checks; std documents that it "might panic or deadlock", and on
 *   Linux it deadlocks.
 * tsan: timeout
 * helgrind: double-lock, timeout
 * drd: double-lock, timeout
 * oracle: stdout "flushed 200 entries, sum 10100"
 * threads: 2
 * timeout: 5
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CAPACITY 8   /* entries the buffer holds before it must be flushed */
#define PER_THREAD 100

struct log {
    pthread_mutex_t lock;
    int len;               /* guarded by `lock`, like everything below */
    int entries[CAPACITY];
    long flushed;          /* entries written out so far */
    long sum;              /* their sum, standing in for the output file */
};

static struct log *the_log;

/* Public: write out the buffered entries. */
static void log_flush(struct log *log)
{
    pthread_mutex_lock(&log->lock);
    for (int i = 0; i < log->len; i++)
        log->sum += log->entries[i];
    log->flushed += log->len;
    log->len = 0;
    pthread_mutex_unlock(&log->lock);
}

static void log_append(struct log *log, int value)
{
    pthread_mutex_lock(&log->lock);
    if (log->len == CAPACITY)
        log_flush(log); /* BUG: log_flush locks log->lock, which this thread already holds */
    log->entries[log->len++] = value;
    pthread_mutex_unlock(&log->lock);
}

static void *writer(void *arg)
{
    (void)arg;
    for (int v = 1; v <= PER_THREAD; v++)
        log_append(the_log, v);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    the_log = calloc(1, sizeof *the_log);
    if (!the_log)
        return 1;
    pthread_mutex_init(&the_log->lock, NULL); /* a default, non-recursive mutex */
    pthread_create(&t1, NULL, writer, NULL);
    pthread_create(&t2, NULL, writer, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    log_flush(the_log);
    printf("flushed %ld entries, sum %ld\n", the_log->flushed, the_log->sum);
    pthread_mutex_destroy(&the_log->lock);
    free(the_log);
    return 0;
}
