/* redteam: fix
 * class: correct-but-unusual: C11 <threads.h>: thrd_create, and mtx_lock around each increment
 * expect: pass
 * reason: PASS
 * smoke: yes
 * No pthreads in sight: C11's threads and mutex, a lock around every
 * increment. Must pass. */
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
    for (long i = 0; i < iters; i++) {
        mtx_lock(&lock);
        counter++;
        mtx_unlock(&lock);
    }
    return 0;
}

int main(void)
{
    thrd_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    if (mtx_init(&lock, mtx_plain) != thrd_success)
        return 1;
    for (int i = 0; i < NTHREADS; i++)
        if (thrd_create(&t[i], worker, NULL) != thrd_success)
            return 1;
    for (int i = 0; i < NTHREADS; i++)
        thrd_join(t[i], NULL);
    mtx_destroy(&lock);
    printf("counter = %ld\n", counter);
    return 0;
}
