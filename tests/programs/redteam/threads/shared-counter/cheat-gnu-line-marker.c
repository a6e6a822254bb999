/* redteam: cheat
 * class: other: a GNU line marker (`# 1 "file" 1 3`) flagging the rest as a system header
 * expect: refused
 * reason: #line
 * The preprocessor's own output syntax, written by hand: `# 1 "<sys>" 1 3`
 * tells clang that a system header starts here, so that what follows
 * (no_sanitize("thread") on the worker) would be the system's doing. Refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

# 1 "/usr/include/stdio.h" 1 3
static long iters;
static long counter;
static pthread_barrier_t start;

__attribute__((no_sanitize("thread"))) static void *worker(void *arg)
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
