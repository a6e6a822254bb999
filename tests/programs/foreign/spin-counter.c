/* spin-counter.c: two threads count under a pthread_spinlock_t, race-free.
 *
 * Each thread takes the spinlock around every increment (line 22), many
 * times, so that a thread often finds it taken and spins. glibc's
 * pthread_spin_lock retries by jumping back to its own first instruction,
 * which Valgrind has redirected to Helgrind's wrapper: Helgrind then reports
 * "recursive write lock granted" in this correct program. Expected under
 * racelab run, built by racelab cc (which links a pthread_spin_lock Helgrind
 * follows): a pass under every tool. */
#include <pthread.h>
#include <stdio.h>

#define ROUNDS 50000

static pthread_spinlock_t lock;
static long counter;

static void *count(void *arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        pthread_spin_lock(&lock);
        counter++;
        pthread_spin_unlock(&lock);
    }
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, count, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    pthread_spin_destroy(&lock);
    printf("%ld\n", counter);
    return counter == 2L * ROUNDS ? 0 : 1;
}
