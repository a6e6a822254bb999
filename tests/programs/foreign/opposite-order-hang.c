/* opposite-order-hang.c: a real deadlock.
 *
 * Two threads each take one lock, meet at a barrier (so both hold theirs),
 * then take the other's (lines 19 and 32): each waits forever for the other.
 * Expected under racelab run with a short --timeout: killed at the limit
 * and called a deadlock, since every thread is blocked and uses no CPU
 * (exit 1), never "too slow". */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t journal = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;

static void *transfer(void *arg)
{
    pthread_mutex_lock(&accounts);
    pthread_barrier_wait(&both_hold);
    pthread_mutex_lock(&journal);
    pthread_mutex_unlock(&journal);
    pthread_mutex_unlock(&accounts);
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_barrier_init(&both_hold, NULL, 2);
    pthread_create(&t, NULL, transfer, NULL);
    pthread_mutex_lock(&journal);
    pthread_barrier_wait(&both_hold);
    pthread_mutex_lock(&accounts);
    pthread_mutex_unlock(&accounts);
    pthread_mutex_unlock(&journal);
    pthread_join(t, NULL);
    puts("never printed");
    return 0;
}
