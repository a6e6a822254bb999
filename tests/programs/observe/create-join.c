/* Each worker is joined right after it is created: never two alive at once,
 * whatever the observer holds (a birth hold or an exit hold ends as soon as
 * main waits in the join). */
#include <pthread.h>
#include <stdio.h>

static void *worker(void *arg)
{
    volatile long x = 0;
    for (long i = 0; i < 20000; i++)
        x++;
    return arg;
}

int main(void)
{
    for (int i = 0; i < 3; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, NULL);
        pthread_join(t, NULL);
    }
    puts("done");
    return 0;
}
