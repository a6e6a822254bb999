/* thread-crowd.c: 520 threads alive at once, optionally racing.
 *
 * Every thread waits at one barrier, so all 520 exist together: more than
 * Valgrind's default --max-threads (500), where Valgrind stops with "the
 * 'impossible' happened: Max number of threads is too low". TSan copes.
 * With an argument, each thread also increments a global unlocked (line
 * 24): a race that TSan reports.
 *
 * Expected under racelab run: without the race, Helgrind and DRD are tool
 * errors in their own words (exit 2, not "not well-formed XML"); with it,
 * the race TSan found fails the gate (exit 1) though both Valgrind tools
 * failed. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 520
static pthread_barrier_t all_here;
static int racing;
static long count;

static void *member(void *arg)
{
    if (racing)
        count++;
    pthread_barrier_wait(&all_here);
    return arg;
}

int main(int argc, char **argv)
{
    static pthread_t t[THREADS];
    pthread_attr_t attr;
    racing = argc > 1;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    pthread_barrier_init(&all_here, NULL, THREADS + 1);
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], &attr, member, NULL);
    pthread_barrier_wait(&all_here);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("%d threads, count %ld\n", THREADS, count);
    return 0;
}
