/* An unsynchronised counter: TSan reports the race on its channel. */
#include <pthread.h>
#include <stdio.h>

static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    pthread_barrier_wait(&start);
    for (int i = 0; i < 1000; i++)
        counter++; /* the racing line */
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_barrier_init(&start, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", counter);
    return 0;
}
