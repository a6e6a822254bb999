/* racelab-case
 * title: Lock leaked on an early-return error path
 * bug: `settings_set()` locks `s->lock`, and when the key is out of range it
 *   counts the rejection and returns -1 without unlocking. The first loader's
 *   batch has a bad key: its thread abandons the batch and ends, still
 *   holding the lock. Nobody can ever unlock it again, so the second loader's
 *   first `settings_set()` blocks forever, and so does the main thread in
 *   `pthread_join`. Helgrind and DRD report the thread that ended holding a
 *   lock; ThreadSanitizer has no such check and only the hang shows.
 * fix: Unlock on every path out of the critical section: unlock before the
 *   early `return`, or `goto out` to a single unlock at the end of the
 *   function (with GCC and clang, `__attribute__((cleanup))` can do it).
 * rust: prevented: `MutexGuard` unlocks when it goes out of scope, on every
 *   `return`, `?` or panic; the same code compiles and releases the lock. Only
 *   an explicit `mem::forget(guard)` (safe, and visible) leaks it.
 * tsan: timeout
 * helgrind: lock-held-at-exit, timeout
 * drd: lock-held-at-exit, timeout
 * oracle: stdout "applied 3, rejected 1"
 * threads: 2
 * timeout: 5
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NKEYS 4

struct settings {
    pthread_mutex_t lock;
    int value[NKEYS]; /* guarded by `lock`, like the counters */
    int applied;
    int rejected;
};

struct update {
    int key, value;
};

struct batch {
    const struct update *updates;
    int n;
};

static struct settings *settings;
static pthread_barrier_t turn; /* the second loader starts after the first */

/* Set one value; -1 if the key does not exist. */
static int settings_set(struct settings *s, int key, int value)
{
    pthread_mutex_lock(&s->lock);
    if (key < 0 || key >= NKEYS) {
        s->rejected++;
        return -1; /* BUG: returns with s->lock still held */
    }
    s->value[key] = value;
    s->applied++;
    pthread_mutex_unlock(&s->lock);
    return 0;
}

/* Apply a batch of updates; a batch with a bad update is abandoned. */
static void load(const struct batch *b)
{
    for (int i = 0; i < b->n; i++)
        if (settings_set(settings, b->updates[i].key, b->updates[i].value) != 0)
            return;
}

static const struct update first_updates[] = {{0, 10}, {7, 99}, {1, 11}}; /* key 7: bad */
static const struct update second_updates[] = {{2, 12}, {3, 13}};

static void *first_loader(void *arg)
{
    (void)arg;
    load(&(struct batch){first_updates, 3});
    pthread_barrier_wait(&turn);
    return NULL; /* this thread ends holding settings->lock */
}

static void *second_loader(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&turn); /* wait until the first batch is done */
    load(&(struct batch){second_updates, 2});
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    settings = calloc(1, sizeof *settings);
    if (!settings)
        return 1;
    pthread_mutex_init(&settings->lock, NULL);
    pthread_barrier_init(&turn, NULL, 2);
    pthread_create(&t1, NULL, first_loader, NULL);
    pthread_create(&t2, NULL, second_loader, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&turn);
    pthread_mutex_lock(&settings->lock);
    printf("applied %d, rejected %d\n", settings->applied, settings->rejected);
    pthread_mutex_unlock(&settings->lock);
    pthread_mutex_destroy(&settings->lock);
    free(settings);
    return 0;
}
