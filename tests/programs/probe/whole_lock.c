/* whole_lock.c: two threads each take one global mutex around their whole
 * loop of 10 ms of work. main holds the mutex until both have started (and
 * said so), so they exist together (max_live 2) but take turns, each in one
 * hold (from its lock call) for nearly all its life. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c17 */
#include <pthread.h>
#include <stdatomic.h>

#include "work.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int started;
static long total;

static void *worker(void *arg)
{
    atomic_fetch_add(&started, 1);
    pthread_mutex_lock(&lock);
    for (int i = 0; i < 10; i++) {
        work_ms(1);
        total++;
    }
    pthread_mutex_unlock(&lock);
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_mutex_lock(&lock);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    while (atomic_load(&started) < 2)
        ;
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return total == 20 ? 0 : 1;
}
