/* redteam: fix
 * class: correct-but-unusual: the counter and its mutex are statics local to the one function that touches them
 * expect: pass
 * reason: PASS
 * `add_one()` keeps the count and a statically initialised mutex as
 * function-local statics, the lock-owning helper idiom: only the helper
 * can reach either. Correct, and the threads interleave. cppcheck's
 * threadsafety addon warns about every function-local static, both of
 * these among them, which is why cppcheck does not judge exercises. Must
 * pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;

/* Adds `n` to the count and returns it. */
static long add(long n)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static long counter;
    pthread_mutex_lock(&lock);
    long now = counter += n;
    pthread_mutex_unlock(&lock);
    return now;
}

static void *worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < iters; i++)
        add(1);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", add(0));
    return 0;
}
