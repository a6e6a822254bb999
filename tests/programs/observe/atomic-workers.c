/* Two threads add to one atomic counter, WORK times each: they work at the
 * same time, so a work hold of one finds the other working. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_long counter;
static long work = 1000000;

static void *worker(void *arg)
{
    for (long i = 0; i < work; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return arg;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        work = atol(argv[1]);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", (long)atomic_load(&counter));
    return 0;
}
