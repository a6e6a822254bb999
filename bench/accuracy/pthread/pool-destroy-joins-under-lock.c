/* pool-destroy-joins-under-lock.c: executor_destroy() joins the worker while holding its lock.
 *
 * label: bug
 * kind: deadlock
 * build: pthread
 * needs: any
 * where: lines 98 and 51: executor_destroy() calls pthread_join() with ex->lock held; the worker
 *   must re-acquire ex->lock (leaving pthread_cond_wait, or at the loop top) to see `stopping`
 * why: the worker can only return after it re-takes ex->lock, and main keeps that lock until
 *   the join returns: each waits for the other. THE PROGRAM HANGS FOREVER on every run (after
 *   printing the results line); that hang is its behaviour.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct task {
    struct task *next;
    int input;
    long *output;
};

struct executor {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct task *head; /* guarded by lock */
    int completed;     /* guarded by lock */
    bool stopping;     /* guarded by lock */
    pthread_t worker;
};

static long fib(int n)
{
    long a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        long t = a + b;
        a = b;
        b = t;
    }
    return a;
}

static void *worker_main(void *arg)
{
    struct executor *ex = arg;
    pthread_mutex_lock(&ex->lock);
    while (!ex->stopping || ex->head != NULL) {
        if (ex->head == NULL) {
            pthread_cond_wait(&ex->cond, &ex->lock);
            continue;
        }
        struct task *t = ex->head;
        ex->head = t->next;
        pthread_mutex_unlock(&ex->lock);
        *t->output = fib(t->input);
        free(t);
        pthread_mutex_lock(&ex->lock);
        ex->completed++;
        pthread_cond_broadcast(&ex->cond);
    }
    pthread_mutex_unlock(&ex->lock);
    return NULL;
}

static int executor_submit(struct executor *ex, int input, long *output)
{
    struct task *t = malloc(sizeof *t);
    if (t == NULL)
        return -1;
    t->input = input;
    t->output = output;
    pthread_mutex_lock(&ex->lock);
    struct task **pp = &ex->head;
    while (*pp != NULL)
        pp = &(*pp)->next;
    t->next = NULL;
    *pp = t;
    pthread_cond_broadcast(&ex->cond);
    pthread_mutex_unlock(&ex->lock);
    return 0;
}

static void executor_wait_idle(struct executor *ex, int expected)
{
    pthread_mutex_lock(&ex->lock);
    while (ex->completed < expected)
        pthread_cond_wait(&ex->cond, &ex->lock);
    pthread_mutex_unlock(&ex->lock);
}

static void executor_destroy(struct executor *ex)
{
    pthread_mutex_lock(&ex->lock);
    ex->stopping = true;
    pthread_cond_broadcast(&ex->cond);
    pthread_join(ex->worker, NULL); /* keep the executor stable until the worker is gone */
    pthread_mutex_unlock(&ex->lock);
    pthread_cond_destroy(&ex->cond);
    pthread_mutex_destroy(&ex->lock);
}

int main(void)
{
    static struct executor ex = {
        .lock = PTHREAD_MUTEX_INITIALIZER,
        .cond = PTHREAD_COND_INITIALIZER,
    };
    static long results[20];
    if (pthread_create(&ex.worker, NULL, worker_main, &ex) != 0)
        return 1;
    int submitted = 0;
    for (int i = 0; i < 20; i++)
        if (executor_submit(&ex, 30 + i, &results[i]) == 0)
            submitted++;
    executor_wait_idle(&ex, submitted);
    printf("fib(49) = %ld\n", results[19]);
    fflush(stdout);
    executor_destroy(&ex);
    puts("executor shut down");
    return 0;
}
