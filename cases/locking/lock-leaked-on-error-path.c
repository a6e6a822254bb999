/* racelab-case
 * title: Lock leaked on an early-return error path
 * bug: `settings_set()` locks `settings_lock`, and when the key is out of range
 *   it counts the rejection and returns -1 without unlocking. The first
 *   loader's batch has a bad key: its thread abandons the batch and ends,
 *   still holding the lock. Nobody can ever unlock it again, so the second
 *   loader's first `settings_set()` blocks forever, and so does the main
 *   thread in `pthread_join`. Helgrind and DRD report the thread that ended
 *   holding a lock; ThreadSanitizer has no such check and only the hang shows.
 *   clang's `-Wthread-safety` sees it at compile time: the two paths out of
 *   `settings_set()` leave holding different locks.
 * fix: Unlock on every path out of the critical section: unlock before the
 *   early `return`, or `goto out` to a single unlock at the end of the
 *   function (with GCC and clang, `__attribute__((cleanup))` can do it).
 * hint: Follow `settings_set()` with a bad key: which way does it leave the
 *   function, and is `settings_lock` still held then?
 * hint: Every path out of a critical section must release the lock, early
 *   returns and error paths included.
 * hint: In `settings_set()`, call `rl_mutex_unlock(&settings_lock)` before
 *   `return -1` (or `goto` a single unlock at the end of the function).
 * rust: prevented: `MutexGuard` unlocks when it goes out of scope, on every
 *   `return`, `?` or panic; the same code compiles and releases the lock. Only
 *   an explicit `mem::forget(guard)` (safe, and visible) leaks it.
 * tsan: timeout
 * helgrind: lock-held-at-exit, timeout
 * drd: lock-held-at-exit, timeout
 * tsa: lock-held-at-exit
 * analyzer: clean: its lock checker reports locking twice, unlocking twice and
 *   destroying a held lock, but not a function that returns with a lock held.
 * tidy: clean: no clang-tidy check follows which locks a thread holds.
 * oracle: stdout "applied 3, rejected 1"
 * threads: 2
 * timeout: 5
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <stdio.h>

#include "racelab/guarded.h"

#define NKEYS 4

/* The settings. */
static rl_mutex settings_lock;
static int value[NKEYS] GUARDED_BY(settings_lock);
static int applied GUARDED_BY(settings_lock);
static int rejected GUARDED_BY(settings_lock);

struct update {
    int key, value;
};

struct batch {
    const struct update *updates;
    int n;
};

static pthread_barrier_t turn; /* the second loader starts after the first */

/* Set one value; -1 if the key does not exist. */
static int settings_set(int key, int v) EXCLUDES(settings_lock)
{
    rl_mutex_lock(&settings_lock);
    if (key < 0 || key >= NKEYS) {
        rejected++;
        return -1; /* BUG: returns with settings_lock still held */
    }
    value[key] = v;
    applied++;
    rl_mutex_unlock(&settings_lock);
    return 0;
}

/* Apply a batch of updates; a batch with a bad update is abandoned. */
static void load(const struct batch *b)
{
    for (int i = 0; i < b->n; i++)
        if (settings_set(b->updates[i].key, b->updates[i].value) != 0)
            return;
}

static const struct update first_updates[] = {{0, 10}, {7, 99}, {1, 11}}; /* key 7: bad */
static const struct update second_updates[] = {{2, 12}, {3, 13}};

static void *first_loader(void *arg)
{
    (void)arg;
    load(&(struct batch){first_updates, 3});
    pthread_barrier_wait(&turn);
    return NULL; /* this thread ends holding settings_lock */
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
    rl_mutex_init(&settings_lock, NULL);
    pthread_barrier_init(&turn, NULL, 2);
    pthread_create(&t1, NULL, first_loader, NULL);
    pthread_create(&t2, NULL, second_loader, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_barrier_destroy(&turn);
    rl_mutex_lock(&settings_lock);
    printf("applied %d, rejected %d\n", applied, rejected);
    rl_mutex_unlock(&settings_lock);
    rl_mutex_destroy(&settings_lock);
    return 0;
}
