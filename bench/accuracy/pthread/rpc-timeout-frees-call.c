/* rpc-timeout-frees-call.c: the caller frees an RPC call on timeout; the backend still fills it.
 *
 * label: bug
 * kind: use-after-free
 * build: pthread
 * needs: any
 * where: lines 95 and 56: rpc_call_sync() frees the call after its timed wait, backend_main()
 *   then writes call->reply_value
 * why: rpc_call_sync() waits 2 ms for the reply, gives up and frees the call, but the backend has
 *   already taken it and writes the reply into it after its 60 ms latency; nothing orders the free
 *   before or after that write. The backend's latency is far above the deadline, so every run
 *   times out.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum call_status { CALL_PENDING, CALL_DONE };

struct rpc_call {
    uint64_t id;
    char method[24];
    int status; /* guarded by chan.lock */
    long reply_value;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct rpc_call *pending; /* guarded by lock */
    bool closing;             /* guarded by lock */
} chan = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, false};

static void *backend_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&chan.lock);
    for (;;) {
        while (chan.pending == NULL && !chan.closing)
            pthread_cond_wait(&chan.cond, &chan.lock);
        struct rpc_call *call = chan.pending;
        if (call == NULL)
            break;
        chan.pending = NULL;
        pthread_mutex_unlock(&chan.lock);

        long answer = (long)strlen(call->method) * 1000 + (long)call->id;
        const struct timespec latency = {0, 60 * 1000 * 1000}; /* slow upstream */
        nanosleep(&latency, NULL);
        call->reply_value = answer;

        pthread_mutex_lock(&chan.lock);
        call->status = CALL_DONE;
        pthread_cond_broadcast(&chan.cond);
    }
    pthread_mutex_unlock(&chan.lock);
    return NULL;
}

/* Returns 0 and the reply in *out, or -1 on timeout. */
static int rpc_call_sync(uint64_t id, const char *method, long timeout_ms, long *out)
{
    struct rpc_call *call = calloc(1, sizeof *call);
    if (call == NULL)
        return -1;
    call->id = id;
    snprintf(call->method, sizeof call->method, "%s", method);
    call->status = CALL_PENDING;

    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += timeout_ms * 1000000L;
    deadline.tv_sec += deadline.tv_nsec / 1000000000L;
    deadline.tv_nsec %= 1000000000L;

    int rc = 0;
    pthread_mutex_lock(&chan.lock);
    chan.pending = call;
    pthread_cond_broadcast(&chan.cond);
    while (call->status == CALL_PENDING && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&chan.cond, &chan.lock, &deadline);
    bool done = call->status == CALL_DONE;
    if (!done && chan.pending == call)
        chan.pending = NULL; /* not picked up yet: withdraw it */
    pthread_mutex_unlock(&chan.lock);

    if (done)
        *out = call->reply_value;
    free(call);
    return done ? 0 : -1;
}

int main(void)
{
    pthread_t backend;
    if (pthread_create(&backend, NULL, backend_main, NULL) != 0)
        return 1;

    long value = 0;
    if (rpc_call_sync(7, "inventory.count", 2, &value) == 0)
        printf("reply %ld\n", value);
    else
        puts("call 7 timed out");

    pthread_mutex_lock(&chan.lock);
    chan.closing = true;
    pthread_cond_broadcast(&chan.cond);
    pthread_mutex_unlock(&chan.lock);
    pthread_join(backend, NULL);
    return 0;
}
