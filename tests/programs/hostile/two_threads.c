/* two_threads.c: not hostile: the control. Two threads add to a counter
 * under a mutex; prints "counter 40000".
 *
 * Expected under racelab's default grading limits, built with
 * -fsanitize=thread and run natively, and built plainly and run under
 * Helgrind: a clean run, exit 0 (the limits are not too tight for the
 * detectors' own threads, memory and address-space reservations). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, add, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter %ld\n", counter);
    return 0;
}
