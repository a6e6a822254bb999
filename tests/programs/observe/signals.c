/* A thread signals another with SIGUSR1, whose handler counts it: signals
 * of the program's own reach it through the tracer. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
    (void)sig;
    got = 1;
}

static void *waiter(void *arg)
{
    while (!got)
        usleep(1000);
    return arg;
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    printf("got = %d\n", (int)got);
    return 0;
}
