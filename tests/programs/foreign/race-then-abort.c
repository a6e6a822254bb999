/* race-then-abort.c: a race, then abort().
 *
 * Two threads increment one global without a lock (lines 15 and 23), then
 * main aborts (line 26). Expected under racelab run: the run fails (exit 1)
 * as a crash *and* as a data race: the race reported before the crash is
 * kept, and the crash is placed in main, not in libc's raise. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long hits;

static void *worker(void *arg)
{
    hits++;
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    hits++;
    pthread_join(t, NULL);
    printf("%ld hits\n", hits);
    abort();
}
