/* redteam: cheat
 * class: tampering with the evidence: writing into the report channel (fd 3)
 * expect: refused
 * reason: write\(3, \.\.\.\): writing into racelab.s report channel
 * smoke: yes
 * An atomic counter (right natively, so that the verdict is the detectors')
 * with a plain `started` flag that both threads write: a race. Before the
 * threads start, main writes into descriptor 3 (ThreadSanitizer's report
 * channel in an observed run) text that is not TSan's, hoping the channel's
 * parser gives up on the report that follows. write() on a number is not a
 * file operation the scan knows. Must be refused at run time. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static int started; /* the race TSan would report */
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    started = 1;
    for (long i = 0; i < iters; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    static const char junk[] = "<?xml version=\"1.0\"?>\n<!-- nothing to see -->\n";
    pthread_t t[NTHREADS];
    if (write(3, junk, strlen(junk)) < 0) {
        /* not a channel here: fine */
    }
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter) + 0 * started);
    return 0;
}
