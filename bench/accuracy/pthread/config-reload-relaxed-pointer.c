/* config-reload-relaxed-pointer.c: a reloaded config is published with a relaxed store.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 47 and 67: reloader fills fresh->timeout_ms, workers read cfg->timeout_ms
 * why: the reloader fills a new struct config and swaps it into `current` with
 *   memory_order_relaxed; the workers' relaxed loads create no happens-before with the plain
 *   writes that filled it, so reading its fields races with them.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NWORKERS 4

struct config {
    int generation;
    int timeout_ms;
    int max_retries;
    char upstream[32];
};

static struct config defaults = {1, 500, 3, "10.0.0.1:8080"};
static _Atomic(struct config *) current = &defaults;

static struct config *config_get(void)
{
    return atomic_load_explicit(&current, memory_order_relaxed);
}

static void *reloader_main(void *arg)
{
    (void)arg;
    struct config *fresh = malloc(sizeof *fresh);
    if (fresh == NULL) {
        atomic_store_explicit(&current, NULL, memory_order_relaxed);
        return NULL;
    }
    memset(fresh, 0, sizeof *fresh);
    fresh->generation = 2;
    fresh->timeout_ms = 250;
    fresh->max_retries = 5;
    snprintf(fresh->upstream, sizeof fresh->upstream, "10.0.0.%d:8080", 7);
    atomic_store_explicit(&current, fresh, memory_order_relaxed);
    return fresh;
}

struct worker {
    pthread_t tid;
    long budget_ms; /* sum of timeouts of the requests served */
    int served;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    for (;;) {
        const struct config *cfg = config_get();
        if (cfg == NULL)
            break;
        w->budget_ms += cfg->timeout_ms * cfg->max_retries;
        w->served++;
        if (cfg->generation >= 2)
            break; /* served one request on the new config: done */
        sched_yield();
    }
    return NULL;
}

int main(void)
{
    static struct worker workers[NWORKERS];
    pthread_t reloader;
    int started = 0;

    for (; started < NWORKERS; started++)
        if (pthread_create(&workers[started].tid, NULL, worker_main, &workers[started]) != 0)
            break;
    if (pthread_create(&reloader, NULL, reloader_main, NULL) != 0) {
        atomic_store(&current, NULL);
        reloader = pthread_self();
    }
    for (int i = 0; i < started; i++)
        pthread_join(workers[i].tid, NULL);
    void *fresh = NULL;
    if (!pthread_equal(reloader, pthread_self()))
        pthread_join(reloader, &fresh);

    long budget = 0;
    for (int i = 0; i < started; i++)
        budget += workers[i].budget_ms;
    printf("%d workers done, budget %ld ms\n", started, budget);
    free(fresh);
    return 0;
}
