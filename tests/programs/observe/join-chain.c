/* Threads created and joined one at a time while an idle companion thread
 * waits: no two working threads ever run at the same time. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_long counter;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int done;

static void *companion(void *arg)
{
    pthread_mutex_lock(&m);
    while (!done)
        pthread_cond_wait(&done_cv, &m);
    pthread_mutex_unlock(&m);
    return arg;
}

static void *worker(void *arg)
{
    for (long i = 0; i < 1000000; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return arg;
}

int main(void)
{
    pthread_t c, t;
    pthread_create(&c, NULL, companion, NULL);
    for (int i = 0; i < 2; i++) {
        pthread_create(&t, NULL, worker, NULL);
        pthread_join(t, NULL);
    }
    pthread_mutex_lock(&m);
    done = 1;
    pthread_cond_signal(&done_cv);
    pthread_mutex_unlock(&m);
    pthread_join(c, NULL);
    printf("counter = %ld\n", (long)atomic_load(&counter));
    return 0;
}
