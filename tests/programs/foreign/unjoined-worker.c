/* unjoined-worker.c: a finished thread that is never joined.
 *
 * The worker computes a checksum and hands it over through a mutex-protected
 * slot with its thread id; main waits on a condition variable for it,
 * prints it, waits until the worker's task has ended (its /proc entry is
 * gone, so every tool has seen it finish), and returns without joining it
 * (line 58). Race-free; TSan reports a
 * thread leak in every run. Expected under racelab run: exit 0 with a warning (a leak is not a
 * failure by default), exit 1 with --fail-on thread-leak; SARIF level
 * "warning" and a GitHub ::warning annotation for the leak. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static unsigned long checksum;
static int done;
static long worker_tid;

static void *worker(void *arg)
{
    unsigned long sum = 0;
    for (unsigned long i = 0; i < 1000; i++)
        sum = sum * 31 + i;
    pthread_mutex_lock(&lock);
    checksum = sum;
    worker_tid = syscall(SYS_gettid);
    done = 1;
    pthread_cond_signal(&ready);
    pthread_mutex_unlock(&lock);
    return arg;
}

/* Has the kernel task tid of this process ended? */
static int task_ended(long tid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%ld", tid);
    return access(path, F_OK) != 0;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_mutex_lock(&lock);
    while (!done)
        pthread_cond_wait(&ready, &lock);
    printf("checksum %lu\n", checksum);
    pthread_mutex_unlock(&lock);
    struct timespec tick = {0, 1000000};
    while (!task_ended(worker_tid))
        nanosleep(&tick, NULL);
    return 0; /* the worker is never joined */
}
