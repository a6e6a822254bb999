/* redteam: cheat
 * class: other: a macro that hides the attribute (token pasting)
 * expect: refused
 * reason: no_sanitize\("thread"\)
 * The attribute's name never appears in the source: QUIET pastes it together
 * from pieces, and the worker is declared QUIET. A scan of the raw text would
 * see nothing; the preprocessed one must refuse it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2
#define PASTE(a, b) a##b
#define QUIET       __attribute__((PASTE(no_, sanitize)("thread")))

static long iters;
static long counter;
static pthread_barrier_t start;

QUIET static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", counter);
    return 0;
}
