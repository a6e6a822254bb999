/* pool-stats-merge-after-unlock.c: pool workers fold their counters into the pool unlocked.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: line 73: p->totals.jobs += ... in worker_main(), run by each of the 8 workers at exit
 * why: every worker leaves its loop, drops p->lock and only then adds its private counters to
 *   p->totals; two workers' read-modify-writes of p->totals have no happens-before between them.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define NWORKERS 8
#define NJOBS 200

struct job {
    struct job *next;
    unsigned id;
    unsigned len;
};

struct pool_totals {
    unsigned long jobs;
    unsigned long bytes;
};

struct pool {
    pthread_mutex_t lock;
    pthread_cond_t work;
    struct job *head, *tail; /* guarded by lock */
    bool stopping;           /* guarded by lock */
    struct pool_totals totals;
    pthread_t threads[NWORKERS];
};

static unsigned long run_job(const struct job *j)
{
    unsigned long h = j->id;
    for (unsigned i = 0; i < j->len; i++)
        h = h * 2654435761u + i;
    return h & 0xff;
}

static void *worker_main(void *arg)
{
    struct pool *p = arg;
    struct pool_totals mine = {0, 0};
    unsigned long digest = 0;

    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->head == NULL && !p->stopping)
            pthread_cond_wait(&p->work, &p->lock);
        struct job *j = p->head;
        if (j == NULL)
            break;
        p->head = j->next;
        if (p->head == NULL)
            p->tail = NULL;
        pthread_mutex_unlock(&p->lock);

        digest += run_job(j);
        mine.jobs++;
        mine.bytes += j->len;
        free(j);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    p->totals.jobs += mine.jobs;
    p->totals.bytes += mine.bytes;
    return (void *)digest;
}

static int pool_submit(struct pool *p, unsigned id, unsigned len)
{
    struct job *j = malloc(sizeof *j);
    if (j == NULL)
        return -1;
    j->next = NULL;
    j->id = id;
    j->len = len;
    pthread_mutex_lock(&p->lock);
    if (p->tail != NULL)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int main(void)
{
    static struct pool pool = {
        .lock = PTHREAD_MUTEX_INITIALIZER,
        .work = PTHREAD_COND_INITIALIZER,
    };
    int started = 0;
    for (; started < NWORKERS; started++)
        if (pthread_create(&pool.threads[started], NULL, worker_main, &pool) != 0)
            break;
    if (started == 0)
        return 1;

    for (unsigned i = 0; i < NJOBS; i++)
        if (pool_submit(&pool, i, 64 + i % 32) != 0)
            break;

    pthread_mutex_lock(&pool.lock);
    pool.stopping = true;
    pthread_cond_broadcast(&pool.work);
    pthread_mutex_unlock(&pool.lock);

    unsigned long digest = 0;
    for (int i = 0; i < started; i++) {
        void *d;
        pthread_join(pool.threads[i], &d);
        digest += (unsigned long)d;
    }
    printf("pool: %lu jobs, %lu bytes, digest %lu\n", pool.totals.jobs, pool.totals.bytes,
           digest);
    return 0;
}
