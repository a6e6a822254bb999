/* thumbnail-pool-cond-predicate.c: an 8-thread pool with predicate-loop condition variables.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 56-57 and 109-110: workers and the submitter wait in `while (predicate)
 *   pthread_cond_wait` loops; queue, done count and stop flag only change under p->lock
 * why: job results are written outside the lock by the one worker that dequeued the job and read
 *   by main only after it saw done == submitted under the lock.
 * tempts: condvar wakeups and unlocked job payloads look racy to tools that lose the
 *   happens-before edge through pthread_cond_wait/broadcast.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define NWORKERS 8
#define NJOBS 64

struct thumb_job {
    struct thumb_job *next;
    int width, height;
    unsigned char pixels[32 * 32]; /* filled by the worker */
    unsigned checksum;             /* filled by the worker */
};

struct pool {
    pthread_mutex_t lock;
    pthread_cond_t has_work;
    pthread_cond_t progress;
    struct thumb_job *head, *tail; /* guarded by lock */
    int done;                      /* guarded by lock */
    bool stop;                     /* guarded by lock */
};

static void render_thumb(struct thumb_job *j)
{
    unsigned sum = 0;
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++) {
            unsigned v = (unsigned)((x * j->width + y * j->height) / 64) & 0xffu;
            j->pixels[y * 32 + x] = (unsigned char)v;
            sum = sum * 31u + v;
        }
    j->checksum = sum;
}

static void *worker_main(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->head == NULL && !p->stop)
            pthread_cond_wait(&p->has_work, &p->lock);
        if (p->head == NULL) { /* stop requested and queue drained */
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        struct thumb_job *j = p->head;
        p->head = j->next;
        if (p->head == NULL)
            p->tail = NULL;
        pthread_mutex_unlock(&p->lock);

        render_thumb(j);

        pthread_mutex_lock(&p->lock);
        p->done++;
        pthread_cond_signal(&p->progress);
        pthread_mutex_unlock(&p->lock);
    }
}

static void pool_push(struct pool *p, struct thumb_job *j)
{
    j->next = NULL;
    pthread_mutex_lock(&p->lock);
    if (p->tail != NULL)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    pthread_cond_signal(&p->has_work);
    pthread_mutex_unlock(&p->lock);
}

int main(void)
{
    static struct pool p = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                            PTHREAD_COND_INITIALIZER, NULL, NULL, 0, false};
    static struct thumb_job jobs[NJOBS];
    pthread_t tids[NWORKERS];
    int started = 0;
    for (; started < NWORKERS; started++)
        if (pthread_create(&tids[started], NULL, worker_main, &p) != 0)
            break;
    if (started == 0)
        return 1;

    for (int i = 0; i < NJOBS; i++) {
        jobs[i].width = 640 + i;
        jobs[i].height = 480 + 2 * i;
        pool_push(&p, &jobs[i]);
    }
    pthread_mutex_lock(&p.lock);
    while (p.done < NJOBS)
        pthread_cond_wait(&p.progress, &p.lock);
    pthread_mutex_unlock(&p.lock);

    unsigned all = 0;
    for (int i = 0; i < NJOBS; i++)
        all ^= jobs[i].checksum + (unsigned)i;
    printf("%d thumbnails, combined checksum %08x\n", NJOBS, all);

    pthread_mutex_lock(&p.lock);
    p.stop = true;
    pthread_cond_broadcast(&p.has_work);
    pthread_mutex_unlock(&p.lock);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    return 0;
}
