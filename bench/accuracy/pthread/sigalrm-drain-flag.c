/* sigalrm-drain-flag.c: a SIGALRM handler only sets a volatile sig_atomic_t the dispatcher polls.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 41, 95 and 107: the handler stores drain_requested; SIGALRM is blocked in the
 *   workers (line 95 runs before they are created, line 107 unblocks it in main only), so the
 *   handler always interrupts the main thread, the only thread that reads the flag
 * why: a volatile sig_atomic_t written by a handler and read by the thread it interrupted is
 *   the one access pattern C allows for signals; the job queue itself is mutex/condvar-protected.
 * tempts: a plain (non-atomic) global written in a signal handler and read in a loop while
 *   worker threads run; tools may treat the handler as another thread.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#define NWORKERS 3
#define QCAP 16
#define MAX_JOBS 100000

static volatile sig_atomic_t drain_requested;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    int items[QCAP];
    int head, count; /* guarded by lock */
    bool closed;     /* guarded by lock */
} q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
       {0}, 0, 0, false};

static void on_alarm(int sig)
{
    (void)sig;
    drain_requested = 1;
}

static void queue_put(int v)
{
    pthread_mutex_lock(&q.lock);
    while (q.count == QCAP)
        pthread_cond_wait(&q.not_full, &q.lock);
    q.items[(q.head + q.count) % QCAP] = v;
    q.count++;
    pthread_cond_signal(&q.not_empty);
    pthread_mutex_unlock(&q.lock);
}

static bool queue_get(int *v)
{
    pthread_mutex_lock(&q.lock);
    while (q.count == 0 && !q.closed)
        pthread_cond_wait(&q.not_empty, &q.lock);
    bool ok = q.count > 0;
    if (ok) {
        *v = q.items[q.head];
        q.head = (q.head + 1) % QCAP;
        q.count--;
        pthread_cond_signal(&q.not_full);
    }
    pthread_mutex_unlock(&q.lock);
    return ok;
}

static void *worker_main(void *arg)
{
    (void)arg;
    unsigned long acc = 0;
    int v;
    while (queue_get(&v))
        for (int i = 0; i < 200; i++)
            acc += (unsigned long)(v ^ i);
    return (void *)acc;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGALRM, &sa, NULL) != 0)
        return 1;

    sigset_t alrm;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &alrm, NULL); /* workers inherit the blocked mask */
    pthread_t tids[NWORKERS];
    int started = 0;
    for (; started < NWORKERS; started++)
        if (pthread_create(&tids[started], NULL, worker_main, NULL) != 0)
            break;
    if (started == 0)
        return 1;

    /* ask for a drain after 3 ms, the way an operator's timeout would */
    struct itimerval drain_at = {{0, 0}, {0, 3000}};
    setitimer(ITIMER_REAL, &drain_at, NULL);
    pthread_sigmask(SIG_UNBLOCK, &alrm, NULL);

    int dispatched = 0;
    while (!drain_requested && dispatched < MAX_JOBS)
        queue_put(dispatched++);

    pthread_mutex_lock(&q.lock);
    q.closed = true;
    pthread_cond_broadcast(&q.not_empty);
    pthread_mutex_unlock(&q.lock);
    unsigned long total = 0;
    for (int i = 0; i < started; i++) {
        void *r;
        pthread_join(tids[i], &r);
        total += (unsigned long)r;
    }
    printf("drained %s, work digest %s\n", drain_requested ? "on SIGALRM" : "at job limit",
           total > 0 ? "nonzero" : "zero");
    return 0;
}
