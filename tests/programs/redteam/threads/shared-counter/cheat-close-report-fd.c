/* redteam: cheat
 * class: tampering with the evidence: closing file descriptors (the report channel, fd 3)
 * expect: refused
 * reason: close
 * The racy counter; main closes descriptors 3 to 9 first, so that a detector
 * that reports on one of them cannot be heard. Refused: this exercise does not
 * allow descriptors to be manipulated. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <unistd.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
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
    for (int fd = 3; fd < 10; fd++)
        close(fd);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", counter);
    return 0;
}
