/* dead-load-race.c: a racy load the -O1 build deletes.
 *
 * The poller reads the shared generation counter without the lock (line
 * 25) and throws the value away (a leftover of a debug print); the bumper
 * writes it under the lock (line 18). The read is in the source and races
 * with the write, but clang -O1 deletes a load whose value is unused, so
 * only the -O0 build shows it to a tool. Expected under racelab run: with
 * --explore off, no finding; by default, a data race found under -O0. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long generation;

static void *bumper(void *arg)
{
    pthread_mutex_lock(&lock);
    generation++;
    pthread_mutex_unlock(&lock);
    return arg;
}

static void *poller(void *arg)
{
    long seen = generation; /* unlocked, and unused */
    (void)seen;
    return arg;
}

int main(void)
{
    pthread_t b, p;
    pthread_create(&b, NULL, bumper, NULL);
    pthread_create(&p, NULL, poller, NULL);
    pthread_join(b, NULL);
    pthread_join(p, NULL);
    printf("generation %ld\n", generation);
    return 0;
}
