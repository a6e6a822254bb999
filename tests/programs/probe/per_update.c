/* per_update.c: two threads meet at a barrier, then each does 100 rounds of
 * 0.1 ms of work and one increment of a shared counter under a mutex: the
 * lock is held only for the update. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>

#include "work.h"

static pthread_barrier_t barrier;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *worker(void *arg)
{
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < 100; i++) {
        work_ms(0.1);
        pthread_mutex_lock(&lock);
        total++;
        pthread_mutex_unlock(&lock);
    }
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_barrier_init(&barrier, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return total == 200 ? 0 : 1;
}
