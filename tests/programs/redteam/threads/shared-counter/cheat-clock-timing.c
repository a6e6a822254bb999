/* redteam: cheat
 * class: behaving well only when a detector is present: timing itself with clock_gettime
 * expect: refused
 * reason: clock_gettime
 * Times a small calibration loop: slow means a detector (TSan is 5-15x,
 * Valgrind 50x slower), and only then is the counter locked. Refused: this
 * exercise does not allow clocks. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <time.h>

#define NTHREADS 2

static long iters;
static long counter;
static int watched;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        if (watched)
            pthread_mutex_lock(&lock);
        counter++;
        if (watched)
            pthread_mutex_unlock(&lock);
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

static int slow(void)
{
    struct timespec a, b;
    static long sink[64];
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < 1000000; i++)
        sink[i & 63] += i;
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    return ms > 10.0;
}

int main(void)
{
    pthread_t t[NTHREADS];
    watched = slow();
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
