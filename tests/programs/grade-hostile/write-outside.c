/* Tries to write outside its scratch directory: /tmp/@MARK@ (in the sandbox
 * a private /tmp, gone after the run: the test checks the real /tmp) and
 * @ROOT@/@MARK@ (the repository: the sandbox's user may not write there).
 * If the second succeeds it says so and fails; otherwise it does the
 * exercise right (an atomic counter, two threads), so its row is a pass. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (int i = 0; i < 100000; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    int fd = open("/tmp/@MARK@", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0)
        close(fd);
    fd = open("@ROOT@/@MARK@", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
        printf("escaped: wrote @ROOT@/@MARK@\n");
        return 1;
    }
    pthread_t t[2];
    pthread_barrier_init(&start, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter = %ld\n", atomic_load(&counter));
    return 0;
}
