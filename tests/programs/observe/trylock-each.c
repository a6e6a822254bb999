/* Two threads, each taking the lock with a counting pthread_mutex_trylock
 * loop around every single increment: a fine-grained lock, correct, and
 * the threads work at the same time. A try that succeeds is no wait: the
 * runs must still witness them working together. (Long enough for several
 * holds a run: a hold that lands inside the lock, where most of the
 * program's own code is, only finds the other polling, and at 400000 an
 * increment a run witnessed 6 times in 10.) */
#include <pthread.h>
#include <stdio.h>

static long counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    unsigned long tries = 0;
    for (long i = 0; i < 1200000; i++) {
        while (pthread_mutex_trylock(&lock) != 0)
            tries++;
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return (void *)tries;
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", counter);
    return 0;
}
