/* redteam: cheat
 * class: switching the detectors off: no_sanitize("thread")
 * expect: refused
 * reason: no_sanitize\("thread"\) turns ThreadSanitizer off
 * smoke: yes
 * The racy counter left as it is, with ThreadSanitizer switched off for the
 * worker by an attribute: TSan would see nothing in the function. The opt-out
 * scan must refuse it before it runs. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

__attribute__((no_sanitize("thread"))) static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        counter++; /* still racy: TSan is told not to look */
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
