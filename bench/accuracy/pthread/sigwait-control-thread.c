/* sigwait-control-thread.c: a dedicated sigwait() thread turns signals into locked state changes.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 83, 40 and 42-48: SIGUSR1/SIGTERM are blocked in every thread (line 83) and
 *   taken only by control_main()'s sigwait() (line 40), which changes generation/stopping under
 *   ctl.lock; the workers read them under the same lock (lines 65-68)
 * why: no asynchronous handler runs at all; signals are ordinary events of one thread, and the
 *   state they change is mutex-protected.
 * tempts: signal-driven shutdown and reload; tools may flag kill()/sigwait() interplay or assume
 *   signal context touches the shared state.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define NWORKERS 4
#define MAX_UNITS 200000

static struct {
    pthread_mutex_t lock;
    int generation; /* bumped by SIGUSR1 (log rotation); guarded by lock */
    bool stopping;  /* set by SIGTERM; guarded by lock */
} ctl = {PTHREAD_MUTEX_INITIALIZER, 0, false};

static sigset_t control_set;

static void *control_main(void *arg)
{
    (void)arg;
    for (;;) {
        int sig;
        if (sigwait(&control_set, &sig) != 0)
            continue;
        pthread_mutex_lock(&ctl.lock);
        if (sig == SIGUSR1)
            ctl.generation++;
        else
            ctl.stopping = true;
        bool done = ctl.stopping;
        pthread_mutex_unlock(&ctl.lock);
        if (done)
            return NULL;
    }
}

struct worker {
    pthread_t tid;
    unsigned long units;
    int last_generation;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    unsigned long h = 1;
    while (w->units < MAX_UNITS) {
        pthread_mutex_lock(&ctl.lock);
        bool stop = ctl.stopping;
        w->last_generation = ctl.generation;
        pthread_mutex_unlock(&ctl.lock);
        if (stop)
            break;
        for (int i = 0; i < 64; i++) /* one unit of work */
            h = h * 2862933555777941757ul + 3037000493ul;
        w->units++;
    }
    return (void *)h;
}

int main(void)
{
    sigemptyset(&control_set);
    sigaddset(&control_set, SIGUSR1);
    sigaddset(&control_set, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &control_set, NULL) != 0)
        return 1;

    pthread_t control;
    if (pthread_create(&control, NULL, control_main, NULL) != 0)
        return 1;
    static struct worker workers[NWORKERS];
    int started = 0;
    for (; started < NWORKERS; started++)
        if (pthread_create(&workers[started].tid, NULL, worker_main, &workers[started]) != 0)
            break;

    kill(getpid(), SIGUSR1); /* logrotate */
    const struct timespec pause = {0, 2 * 1000 * 1000};
    nanosleep(&pause, NULL);
    kill(getpid(), SIGTERM); /* shutdown */

    pthread_join(control, NULL);
    unsigned long units = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(workers[i].tid, NULL);
        units += workers[i].units;
    }
    printf("stopped at generation %d after %s\n", ctl.generation,
           units > 0 ? "some work" : "no work");
    return 0;
}
