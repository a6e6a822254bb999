/* racelab-case
 * title: Test fixture: a program that prints one line
 * discipline: It prints its result once and exits.
 * tsan: clean
 * helgrind: n/a: the test only needs one tool.
 * drd: n/a: the test only needs one tool.
 * oracle: stdout "printed once"
 * threads: 1
 * timeout: 30
 */
#include <pthread.h>
#include <stdio.h>

static void *worker(void *arg)
{
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    puts("printed once");
    return 0;
}
