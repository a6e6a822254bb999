/* The shape of an OpenMP loop with its master: the first thread works
 * beside a worker, waits for it (a join where OpenMP has its barrier), then
 * works three times as long alone (OpenMP's master freeing its arrays,
 * under TSan twice its share). The observer must leave that stretch alone
 * out of the first thread's work beside the others (work_beside_s): no hold
 * there can show anything, and counted it pushes the first thread's share
 * below a fifth of its work, where no hold counts. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long work = 20000000;
static volatile long sink[2];
static int a[4096]; /* read by both threads: a check of TSan's for each load */

static long share(long n)
{
    long sum = 0;
    for (long i = 0; i < n; i++)
        sum += a[i & 4095];
    return sum;
}

static void *worker(void *arg)
{
    sink[1] = share(work);
    return arg;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        work = atol(argv[1]);
    for (int i = 0; i < 4096; i++)
        a[i] = i & 7;
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    sink[0] = share(work / 2);
    pthread_join(t, NULL);
    sink[0] += share(3 * work);
    printf("sums = %ld %ld\n", sink[0], sink[1]);
    return 0;
}
