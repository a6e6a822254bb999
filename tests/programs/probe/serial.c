/* serial.c: three threads, each joined right after being created, each
 * working 2 ms: they never run at the same time (max_live 1). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c17 */
#include <pthread.h>

#include "work.h"

static void *worker(void *arg)
{
    work_ms(2);
    return arg;
}

int main(void)
{
    for (int i = 0; i < 3; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, NULL);
        pthread_join(t, NULL);
    }
    return 0;
}
