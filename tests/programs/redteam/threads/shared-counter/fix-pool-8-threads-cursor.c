/* redteam: fix
 * class: correct-but-unusual: an 8-thread pool taking chunks of work from an atomic cursor
 * expect: pass
 * reason: PASS
 * The 2 * iters increments are cut into chunks of 4096; eight threads take the
 * next chunk from an atomic cursor until none is left, count it privately and
 * add it to the atomic total. More threads than the exercise asks, unequal
 * shares, all working at once. Must pass. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdatomic.h>

#define NTHREADS 2 /* the exercise's threads: its work is NTHREADS * iters */
#define POOL     8
#define CHUNK    4096

static long iters;
static atomic_long counter;
static pthread_barrier_t start;
static atomic_long cursor; /* the next increment not yet taken */

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    long total = NTHREADS * iters;
    for (;;) {
        long from = atomic_fetch_add(&cursor, CHUNK);
        if (from >= total)
            break;
        long to = from + CHUNK < total ? from + CHUNK : total, mine = 0;
        for (long i = from; i < to; i++) {
            mine++;
            __asm__ volatile("" ::: "memory");
        }
        atomic_fetch_add_explicit(&counter, mine, memory_order_relaxed);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[POOL];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, POOL);
    for (int i = 0; i < POOL; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < POOL; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
