/* Two threads, each holding one spinlock over its whole loop: they take turns.
 * Holding the one inside finds the other spinning; the spinner is never held. */
#include <pthread.h>
#include <stdio.h>

static long counter;
static pthread_spinlock_t lock;

static void *worker(void *arg)
{
    pthread_spin_lock(&lock);
    for (long i = 0; i < 6000000; i++)
        counter++;
    pthread_spin_unlock(&lock);
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", counter);
    return 0;
}
