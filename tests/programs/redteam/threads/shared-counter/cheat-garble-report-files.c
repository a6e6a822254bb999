/* redteam: cheat
 * class: tampering with the evidence: garbling the detectors' report files
 * expect: refused
 * reason: fopen
 * The counter's race is left in. Before the threads start, the program
 * writes tsan.1 in its working directory (a report opened and never
 * closed) and overwrites the start of valgrind.xml: where racelab run's
 * TSan and Valgrind write their reports. An unreadable report is a tool
 * error, not a fail, so this would trade a failed check for a "tool error"
 * (a regrade). An exercise's reports travel on channels out of the program's
 * reach, not in those files, and writing files is refused anyway. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++)
        counter++; /* the race, left in */
    return NULL;
}

static void garble(const char *name, const char *mode, const char *text)
{
    FILE *f = fopen(name, mode);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

int main(void)
{
    iters = rl_param("iters", 100000);
    garble("tsan.1", "w", "==================\nWARNING: ThreadSanitizer: data race (pid=1)\n");
    garble("valgrind.xml", "r+", "<<this is not XML>>");
    pthread_t t[NTHREADS];
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", counter);
    return 0;
}
