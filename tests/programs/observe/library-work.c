/* Two threads that both burn CPU at the same time, but only inside a
 * library: each clears a buffer of its own with memset, over and over
 * (1 MiB a call: the call's few instructions in the program are a
 * hundred-thousandth of the time). They run side by side, yet none of the
 * program's own code runs: as a libomp worker's start-up under TSan, or a
 * thread that only waits in libc. A hold in a library is put off, and one
 * made there at last witnesses nothing, nor does a partner never seen in
 * the program's code: no witness. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF (1 << 20)

static long calls = 6000; /* some 50 ms of memset a thread */

static void *worker(void *arg)
{
    char *buf = malloc(BUF);
    if (!buf)
        return NULL;
    for (long i = 0; i < calls; i++) {
        memset(buf, (int)i, BUF);
        __asm__ volatile("" : : "r"(buf) : "memory"); /* the stores are used */
    }
    free(buf);
    return arg;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        calls = atol(argv[1]);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    puts("done");
    return 0;
}
