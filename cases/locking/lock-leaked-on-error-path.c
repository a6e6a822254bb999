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
 * task: Two loader threads, one after the other, apply batches of updates to
 *   shared settings: `first` good updates then a bad key (which abandons the
 *   batch), then `second` good updates. The program hangs. Make it finish and
 *   apply all those good updates, with the two loaders still two threads.
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
 * cppcheck: clean: cppcheck does not follow locks: its POSIX library knows the
 *   pthread calls' arguments, not which lock is held where or by whom.
 * param: first 1 0..20
 * param: second 2 0..20
 * oracle: stdout "applied {first + second}, rejected 1"
 * threads: 2
 * timeout: 5
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#include "racelab/guarded.h"

#define NKEYS    64
#define MAX_GOOD 20 /* the most good updates a batch may start with */

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

/* The batches, made by main: the first is `first` good updates, one with a bad
 * key, and one more good update; the second is `second` good updates. */
static struct update first_updates[MAX_GOOD + 2], second_updates[MAX_GOOD];
static struct batch first_batch, second_batch;

/* `n` good updates, of consecutive keys from *key on, each to 10 + its key. */
static int good_updates(struct update *u, int *key, long n)
{
    for (long i = 0; i < n; i++, (*key)++)
        u[i] = (struct update){*key, 10 + *key};
    return (int)n;
}

static void *first_loader(void *arg)
{
    (void)arg;
    load(&first_batch);
    pthread_barrier_wait(&turn);
    return NULL; /* this thread ends holding settings_lock */
}

static void *second_loader(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&turn); /* wait until the first batch is done */
    load(&second_batch);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    long first = rl_param("first", 1), second = rl_param("second", 2);
    if (first < 0 || first > MAX_GOOD || second < 0 || second > MAX_GOOD) {
        fprintf(stderr, "first and second: 0 to %d updates\n", MAX_GOOD);
        return 2;
    }
    int key = 0, n = good_updates(first_updates, &key, first);
    first_updates[n++] = (struct update){NKEYS + 3, 99}; /* a bad key */
    n += good_updates(first_updates + n, &key, 1);       /* never applied */
    first_batch = (struct batch){first_updates, n};
    second_batch = (struct batch){second_updates, good_updates(second_updates, &key, second)};
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
