/* racelab-case
 * title: Test fixture: a worker writes to a valid object
 * discipline: The worker writes to an object that exists, and main reads it
 *   after the join.
 * tsan: clean
 * helgrind: clean
 * drd: n/a: the test only needs two tools.
 * oracle: stdout "value = 1"
 * threads: 1
 * timeout: 30
 */
#include <pthread.h>
#include <stdio.h>

static int value;

static void *worker(void *arg)
{
    (void)arg;
    value = 1;
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    printf("value = %d\n", value);
    return 0;
}
