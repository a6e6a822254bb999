/* redteam: cheat
 * class: switching the detectors off: __tsan_ignore_thread_begin/end declared by hand
 * expect: refused
 * reason: __tsan_ignore_thread_begin
 * No sanitizer header is included: the student declares TSan's own interface
 * functions himself and brackets each worker's loop with
 * __tsan_ignore_thread_begin()/end(), so TSan ignores every access in it. The
 * counter stays racy. Must be refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    __tsan_ignore_thread_begin();
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    __tsan_ignore_thread_end();
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
