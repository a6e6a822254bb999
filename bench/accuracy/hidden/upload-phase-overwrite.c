/* upload-phase-overwrite.c: an uploader publishes its phase in a plain int read by a monitor.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 50 and 52 (stores in upload_file()) against line 61 (read in progress_monitor())
 * why: upload_file() stores u->phase = PHASE_FINALIZING and at once the final phase, with no
 *   lock; the monitor thread reads u->phase concurrently. -O1 deletes the first (dead) store,
 *   but the second store still races with the monitor's read.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NWORDS 8192
#define NPOLLS 200

enum phase { PHASE_QUEUED, PHASE_FINALIZING, PHASE_SENT, PHASE_FAILED };

struct upload {
    const uint32_t *data;
    size_t nwords;
    int phase;            /* enum phase, written by the uploader */
    uint32_t checksum;
};

struct monitor_stats {
    struct upload *u;
    int polls_finalizing;
    int polls_sent;
};

static uint32_t adler_words(const uint32_t *w, size_t n)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + w[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

static void *upload_file(void *arg)
{
    struct upload *u = arg;
    uint32_t sum = adler_words(u->data, u->nwords);
    u->phase = PHASE_FINALIZING; /* trailer used to be written here */
    int final = sum != 0 ? PHASE_SENT : PHASE_FAILED;
    u->phase = final;
    u->checksum = sum;
    return NULL;
}

static void *progress_monitor(void *arg)
{
    struct monitor_stats *m = arg;
    for (int i = 0; i < NPOLLS; i++) {
        int p = m->u->phase;
        if (p == PHASE_FINALIZING)
            m->polls_finalizing++;
        else if (p == PHASE_SENT)
            m->polls_sent++;
        sched_yield();
    }
    return NULL;
}

int main(void)
{
    uint32_t *data = malloc(NWORDS * sizeof *data);
    if (!data)
        return 1;
    for (size_t i = 0; i < NWORDS; i++)
        data[i] = (uint32_t)(i ^ (i << 7));

    struct upload up = { data, NWORDS, PHASE_QUEUED, 0 };
    struct monitor_stats ms = { &up, 0, 0 };
    pthread_t up_thr, mon_thr;
    if (pthread_create(&mon_thr, NULL, progress_monitor, &ms) != 0)
        return 1;
    if (pthread_create(&up_thr, NULL, upload_file, &up) != 0)
        return 1;
    pthread_join(up_thr, NULL);
    pthread_join(mon_thr, NULL);

    printf("checksum %08x, monitor saw finalizing %d times, sent %d times\n",
           up.checksum, ms.polls_finalizing, ms.polls_sent);
    free(data);
    return 0;
}
