/* unjoined-probe-threads.c: joinable health-probe threads that are never joined.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 51-55 and 74-89: each probe links its heap result into the inbox under
 *   inbox.lock and signals; main takes results out under the same lock in a predicate loop
 * why: the result structs are handed over through a mutex-protected list, so the probe's writes
 *   happen before main's reads; the probe threads are leaked (never joined or detached), which
 *   wastes their stacks but shares no data after the handover.
 * tempts: a "thread leak" report for joinable threads that finish unjoined, and heap objects
 *   written by one thread and read and freed by another without a join.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NPROBES 5

struct probe_result {
    struct probe_result *next;
    int target;
    int healthy;
    unsigned latency_us;
    char detail[48];
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t arrived;
    struct probe_result *head; /* guarded by lock */
} inbox = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL};

static void *probe_main(void *arg)
{
    int target = (int)(long)arg;
    struct probe_result *r = malloc(sizeof *r);
    if (r == NULL)
        return NULL; /* main stops waiting for missing probes after its deadline */
    unsigned h = (unsigned)target * 2654435761u;
    for (int i = 0; i < 1000; i++) /* simulated round trip */
        h = h * 1103515245u + 12345u;
    r->target = target;
    r->latency_us = 200 + (h >> 20) % 800;
    r->healthy = r->latency_us < 900;
    snprintf(r->detail, sizeof r->detail, "GET /healthz -> %s", r->healthy ? "200" : "timeout");

    pthread_mutex_lock(&inbox.lock);
    r->next = inbox.head;
    inbox.head = r;
    pthread_cond_signal(&inbox.arrived);
    pthread_mutex_unlock(&inbox.lock);
    return NULL;
}

int main(void)
{
    int launched = 0;
    for (int t = 0; t < NPROBES; t++) {
        pthread_t tid; /* handle dropped: the probes are fire-and-forget */
        if (pthread_create(&tid, NULL, probe_main, (void *)(long)t) == 0)
            launched++;
    }

    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 2;

    int got = 0, healthy = 0;
    unsigned worst = 0;
    pthread_mutex_lock(&inbox.lock);
    while (got < launched) {
        while (inbox.head == NULL)
            if (pthread_cond_timedwait(&inbox.arrived, &inbox.lock, &deadline) != 0)
                break;
        struct probe_result *r = inbox.head;
        if (r == NULL)
            break; /* deadline passed */
        inbox.head = r->next;
        got++;
        healthy += r->healthy;
        if (r->latency_us > worst)
            worst = r->latency_us;
        free(r);
    }
    pthread_mutex_unlock(&inbox.lock);
    printf("%d/%d probes answered, %d healthy, worst latency %s 1ms\n", got, launched, healthy,
           worst < 1000 ? "under" : "over");
    return 0;
}
