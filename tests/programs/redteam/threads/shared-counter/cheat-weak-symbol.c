/* redteam: cheat
 * class: other: a weak reference to a symbol only TSan's runtime defines (#pragma weak)
 * expect: refused
 * reason: #pragma weak
 * ThreadSanitizer's runtime exports ThreadSanitizerQuery, a name with none of
 * the prefixes (__tsan_, __sanitizer_...) a scan looks for. Declared weak, its
 * address is non-null only in the TSan build: a presence test no preprocessor
 * sees and no import betrays (a weak undefined symbol links natively too).
 * The counter is locked only under TSan. Refused: weak symbols. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
extern const char *ThreadSanitizerQuery(const char *query);
#pragma weak ThreadSanitizerQuery

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        if (ThreadSanitizerQuery != 0) { /* the TSan build */
            pthread_mutex_lock(&lock);
            counter++;
            pthread_mutex_unlock(&lock);
        } else {
            counter++;
        }
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
