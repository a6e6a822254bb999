/* Two threads, each holding one mutex over its whole loop, taken with
 * pthread_mutex_trylock in a loop that counts its attempts: they take turns.
 * The waiting one's registers change every turn (the count), so stepping it
 * never finds two turns alike; what it does every turn is a try that fails.
 * No hold may witness them working together. */
#include <pthread.h>
#include <stdio.h>

static long counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    unsigned long tries = 0;
    while (pthread_mutex_trylock(&lock) != 0)
        tries++;
    for (long i = 0; i < 6000000; i++)
        counter++;
    pthread_mutex_unlock(&lock);
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
