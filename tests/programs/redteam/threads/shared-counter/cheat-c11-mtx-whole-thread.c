/* redteam: cheat
 * class: serialising the threads: a whole-thread mutex via C11 <threads.h> (thrd_create, mtx_lock)
 * expect: fail
 * reason: no longer run at the same time
 * The whole-loop lock again, written with C11's own threads and mutex instead
 * of pthreads, in case only pthread_mutex_lock is looked for. Must fail. */
#include <racelab/param.h>
#include <stdio.h>
#include <threads.h>

#define NTHREADS 2

static long iters;
static long counter;
static mtx_t lock;

static int worker(void *arg)
{
    (void)arg;
    mtx_lock(&lock);
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    mtx_unlock(&lock);
    return 0;
}

int main(void)
{
    thrd_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    mtx_init(&lock, mtx_plain);
    for (int i = 0; i < NTHREADS; i++)
        thrd_create(&t[i], worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        thrd_join(t[i], NULL);
    mtx_destroy(&lock);
    printf("counter = %ld\n", counter);
    return 0;
}
