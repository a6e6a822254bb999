/* racelab-case
 * title: Lock leaked on an early-return error path
 * discipline: Every path out of a critical section unlocks. `settings_set()`
 *   releases `settings_lock` before its early `return -1`, so a rejected update
 *   costs nothing but the error: the first loader abandons its batch and ends
 *   holding no lock, and the second loader and the main thread take the lock
 *   as usual. (`goto out` to a single unlock, or `__attribute__((cleanup))`,
 *   does the same for longer functions.) clang's `-Wthread-safety` checks that
 *   every path through the function leaves holding the same locks.
 * rust: the `MutexGuard` is released on every `return`, `?` and panic; never
 *   `mem::forget` a guard.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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
        rl_mutex_unlock(&settings_lock); /* FIX: release the lock on the error path too */
        return -1;
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
    return NULL;
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
