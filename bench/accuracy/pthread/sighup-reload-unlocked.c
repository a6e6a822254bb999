/* sighup-reload-unlocked.c: the sigwait thread rewrites the live settings on SIGHUP, unlocked.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 36 and 68: reload_settings() writes s->max_inflight on the signal thread,
 *   worker_main() reads g_settings.max_inflight
 * why: the dedicated sigwait thread applies SIGHUP by writing g_settings in place while four
 *   workers read it on every request; there is no lock or atomic, so nothing orders the reload's
 *   writes with the workers' reads.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#define NWORKERS 4
#define REQUESTS 4000

struct settings {
    int max_inflight;
    int backoff_ms;
    int log_level;
};

static struct settings g_settings = {32, 100, 1};
static sigset_t handled;
static int reloads; /* signal thread only; read after join */

/* Stand-in for re-reading /etc/app.conf. */
static void reload_settings(struct settings *s)
{
    s->max_inflight = 64;
    s->backoff_ms = 50;
    s->log_level = 2;
}

static void *signal_main(void *arg)
{
    (void)arg;
    for (;;) {
        int sig;
        if (sigwait(&handled, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            reload_settings(&g_settings);
            reloads++;
        } else {
            break; /* SIGTERM */
        }
    }
    return NULL;
}

struct worker {
    pthread_t tid;
    unsigned long admitted, deferred_ms;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    int inflight = 0;
    for (int i = 0; i < REQUESTS; i++) {
        if (inflight < g_settings.max_inflight) {
            inflight++;
            w->admitted++;
        } else {
            w->deferred_ms += (unsigned long)g_settings.backoff_ms;
            inflight /= 2; /* some requests completed meanwhile */
        }
    }
    return NULL;
}

int main(void)
{
    sigemptyset(&handled);
    sigaddset(&handled, SIGHUP);
    sigaddset(&handled, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &handled, NULL) != 0) /* inherited by every thread */
        return 1;

    pthread_t sigthread;
    if (pthread_create(&sigthread, NULL, signal_main, NULL) != 0)
        return 1;
    static struct worker workers[NWORKERS];
    int started = 0;
    for (; started < NWORKERS; started++)
        if (pthread_create(&workers[started].tid, NULL, worker_main, &workers[started]) != 0)
            break;

    kill(getpid(), SIGHUP); /* operator: "config changed" */

    unsigned long admitted = 0, deferred = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(workers[i].tid, NULL);
        admitted += workers[i].admitted;
        deferred += workers[i].deferred_ms;
    }
    kill(getpid(), SIGTERM);
    pthread_join(sigthread, NULL);
    printf("%d reload(s), admitted %lu, deferred %lu ms\n", reloads, admitted, deferred);
    return 0;
}
