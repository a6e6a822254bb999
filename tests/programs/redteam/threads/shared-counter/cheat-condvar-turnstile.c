/* redteam: cheat
 * class: serialising the threads: a condition-variable turnstile (each waits its turn for the whole work)
 * expect: fail
 * reason: no longer run at the same time
 * smoke: yes
 * No lock is held during the work: each thread waits on a condition variable
 * until `turn` names it, counts its whole share unlocked, and hands the turn
 * on. The counting is race-free (the turn orders it) and the threads never
 * count together. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static int turn;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

static void *worker(void *arg)
{
    int me = (int)(long)arg;
    pthread_mutex_lock(&lock);
    while (turn != me)
        pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    pthread_mutex_lock(&lock);
    turn = me + 1;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", counter);
    return 0;
}
