/* session-abort-unlocked-state.c: the network thread aborts a session without the session lock.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 50 and 80: s->state written in session_abort() unlocked, read in sweep_sessions()
 * why: session_abort() sets s->state and s->abort_reason without taking s->lock, while the
 *   housekeeping thread reads s->state under s->lock; the network thread never takes that lock.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define NSESSIONS 8
#define NREQUESTS 64
#define NSWEEPS 40

enum sess_state { SESS_OPEN, SESS_ABORTED, SESS_REAPED };

struct session {
    pthread_mutex_t lock;   /* protects state and abort_reason */
    int id;
    int state;
    const char *abort_reason;
    atomic_ulong bytes_in;
};

struct sweeper {
    struct session *sessions;
    int reaped;
    int sweeps;
};

static int parse_request(const struct session *s, int n)
{
    /* request 17 of session 5 carries a malformed header */
    return (s->id == 5 && n == 17) ? -1 : 0;
}

static void session_account(struct session *s, unsigned long len)
{
    atomic_fetch_add_explicit(&s->bytes_in, len, memory_order_relaxed);
}

static void session_abort(struct session *s, const char *reason)
{
    s->state = SESS_ABORTED;
    s->abort_reason = reason;
}

static void *network_main(void *arg)
{
    struct session *sessions = arg;
    int aborted[NSESSIONS] = { 0 };
    for (int n = 0; n < NREQUESTS; n++) {
        for (int i = 0; i < NSESSIONS; i++) {
            if (aborted[i])
                continue;
            if (parse_request(&sessions[i], n) < 0) {
                session_abort(&sessions[i], "malformed header");
                aborted[i] = 1;
                continue;
            }
            session_account(&sessions[i], 128 + (unsigned long)n);
        }
    }
    return NULL;
}

static void *sweep_sessions(void *arg)
{
    struct sweeper *sw = arg;
    for (int pass = 0; pass < NSWEEPS; pass++) {
        for (int i = 0; i < NSESSIONS; i++) {
            struct session *s = &sw->sessions[i];
            pthread_mutex_lock(&s->lock);
            if (s->state == SESS_ABORTED) {
                s->state = SESS_REAPED;
                sw->reaped++;
            }
            pthread_mutex_unlock(&s->lock);
        }
        sw->sweeps++;
        sched_yield();
    }
    return NULL;
}

int main(void)
{
    static struct session sessions[NSESSIONS];
    for (int i = 0; i < NSESSIONS; i++) {
        pthread_mutex_init(&sessions[i].lock, NULL);
        sessions[i].id = i;
        sessions[i].state = SESS_OPEN;
        atomic_init(&sessions[i].bytes_in, 0);
    }

    struct sweeper sw = { sessions, 0, 0 };
    pthread_t net, hk;
    if (pthread_create(&hk, NULL, sweep_sessions, &sw) != 0)
        return 1;
    if (pthread_create(&net, NULL, network_main, sessions) != 0)
        return 1;
    pthread_join(net, NULL);
    pthread_join(hk, NULL);

    unsigned long total = 0;
    for (int i = 0; i < NSESSIONS; i++) {
        total += atomic_load(&sessions[i].bytes_in);
        pthread_mutex_destroy(&sessions[i].lock);
    }
    printf("%lu bytes in, %d session(s) reaped in %d sweeps\n", total, sw.reaped, sw.sweeps);
    return 0;
}
