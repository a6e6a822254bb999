/* redteam: cheat
 * class: serialising the threads: very short threads created and joined one at a time
 * expect: fail
 * reason: never ran at the same time
 * The work is cut into 64 short threads, each created and joined at once: 64
 * threads, each too short for a sampling probe to catch two at once, and never
 * two alive together. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2
#define PIECES   64

static long iters;
static long counter;

static void *piece(void *arg)
{
    long n = *(const long *)arg;
    for (long i = 0; i < n; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    iters = rl_param("iters", 100000);
    long total = NTHREADS * iters;
    for (int p = 0; p < PIECES; p++) {
        long n = total / PIECES + (p < total % PIECES);
        pthread_t t;
        pthread_create(&t, NULL, piece, &n);
        pthread_join(t, NULL);
    }
    printf("counter = %ld\n", counter);
    return 0;
}
