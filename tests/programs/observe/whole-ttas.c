/* Two threads, each holding a test-and-test-and-set lock over its whole
 * loop, the waiter counting its turns: they take turns. The waiter mostly
 * loads the lock (an atomic load, relaxed) and sees it taken; the count
 * makes every turn's registers differ, and a load changes nothing of its
 * own. What gives it away, under TSan, is the runtime's atomic load
 * returning the same value from the same variable at the same place twice.
 * No hold of a TSan run may witness them working together. (Natively the
 * load is a plain mov, as a loop's load of its bound is: not judged here.)
 * Both start at a barrier, once main has created them: main's creation of
 * the second (TSan's pthread_create is code in the executable) would
 * otherwise be work beside the first one's turn: a witness, once in the 27
 * runs of this program by the TSan-built tests on 2026-12-07. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static long counter;
static atomic_int lock;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    unsigned long tries = 0;
    pthread_barrier_wait(&start);
    for (;;) {
        while (atomic_load_explicit(&lock, memory_order_relaxed))
            tries++;
        if (!atomic_exchange_explicit(&lock, 1, memory_order_acquire))
            break;
    }
    for (long i = 0; i < 3000000; i++)
        counter++;
    atomic_store_explicit(&lock, 0, memory_order_release);
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
