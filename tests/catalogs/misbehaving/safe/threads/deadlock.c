/* racelab-case
 * title: Test fixture: the same locks in one order
 * discipline: Both threads take a before b, so neither can hold what the other
 *   waits for.
 * tsan: clean
 * helgrind: clean
 * drd: n/a: the test only needs two tools.
 * oracle: stdout "done"
 * threads: 2
 * timeout: 30
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *take(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, take, NULL);
    pthread_create(&t2, NULL, take, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    puts("done");
    return 0;
}
