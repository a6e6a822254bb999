/* slow-under-valgrind.c: correct, and far slower under Valgrind.
 *
 * Four threads add to a mutex-protected total, one lock per addition, a
 * million additions each: a tenth of a second natively, a minute or more under
 * Helgrind. Race-free. Expected under racelab run --tool helgrind with a
 * short --timeout: killed at the limit while still computing, so "too slow
 * under helgrind", a tool error (exit 2), never a deadlock. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define ADDS 1000000L

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *adder(void *arg)
{
    for (long i = 0; i < ADDS; i++) {
        pthread_mutex_lock(&lock);
        total += i & 7;
        pthread_mutex_unlock(&lock);
    }
    return arg;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, adder, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("total %ld\n", total);
    return 0;
}
