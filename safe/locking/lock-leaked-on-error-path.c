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

static const struct update first_updates[] = {{0, 10}, {7, 99}, {1, 11}}; /* key 7: bad */
static const struct update second_updates[] = {{2, 12}, {3, 13}};

static void *first_loader(void *arg)
{
    (void)arg;
    load(&(struct batch){first_updates, 3});
    pthread_barrier_wait(&turn);
    return NULL;
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
