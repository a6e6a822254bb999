/* racelab-case
 * title: Re-locking a non-recursive mutex in a helper (self-deadlock)
 * discipline: Each function either takes the lock or requires its caller to
 *   hold it, never both. `log_flush_locked()` does the flushing and requires
 *   `log->lock` held (the `_locked` suffix says so; clang's `-Wthread-safety`
 *   can check it with `REQUIRES(log->lock)`); the public `log_flush()` locks
 *   and calls it; `log_append()`, which already holds the lock, calls the
 *   `_locked` version. Every path locks `log->lock` exactly once.
 * rust: the same split: the helper takes the `&mut Log` (or the `MutexGuard`)
 *   its caller already has, instead of locking the `Mutex` again.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* Write out the buffered entries. The caller must hold log->lock. */
static void log_flush_locked(struct log *log)
{
    for (int i = 0; i < log->len; i++)
        log->sum += log->entries[i];
    log->flushed += log->len;
    log->len = 0;
}

/* Public: write out the buffered entries. */
static void log_flush(struct log *log)
{
    pthread_mutex_lock(&log->lock);
    log_flush_locked(log);
    pthread_mutex_unlock(&log->lock);
}

static void log_append(struct log *log, int value)
{
    pthread_mutex_lock(&log->lock);
    if (log->len == CAPACITY)
        log_flush_locked(log); /* FIX: this thread holds the lock: call the _locked helper */
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
