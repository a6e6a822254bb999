/* condvar.c: two threads play ping-pong 200 times: each locks the mutex
 * once, then in a loop waits on a condition variable (which releases the
 * mutex) for its turn, works 20 us and hands the turn over. Each thread
 * "holds" the mutex from start to end in the source, but the waits split
 * that into short holds. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c17 */
#include <pthread.h>

#include "work.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;

static void *player(void *arg)
{
    int me = arg != NULL;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < 200; i++) {
        while (turn != me)
            pthread_cond_wait(&turn_changed, &lock);
        work_ms(0.02);
        turn = !me;
        pthread_cond_broadcast(&turn_changed);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    static int one;
    pthread_create(&t[0], NULL, player, NULL);
    pthread_create(&t[1], NULL, player, &one);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 0;
}
