/* The first thread's work is short and the second is created only after a
 * while: unwatched, the first would be over before the second starts. The
 * observer holds the first at its birth until the second exists. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static void *worker(void *arg)
{
    volatile long x = 0;
    for (long i = 0; i < 20000; i++)
        x++;
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_create(&t[0], NULL, worker, NULL);
    volatile long spin = 0; /* main keeps working before it creates the second */
    for (long i = 0; i < 3000000; i++)
        spin++;
    pthread_create(&t[1], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    puts("done");
    return 0;
}
