/* Every thread sleeps for 2.5 s at once: blocked, but with a timer, so it is
 * no deadlock. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static void *nap(void *arg)
{
    struct timespec ts = {2, 500000000};
    nanosleep(&ts, NULL);
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, nap, NULL);
    pthread_join(t, NULL);
    puts("rested");
    return 0;
}
