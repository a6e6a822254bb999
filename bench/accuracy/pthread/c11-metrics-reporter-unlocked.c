/* c11-metrics-reporter-unlocked.c: a C11 <threads.h> reporter samples counters without the mtx_t.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 47 and 35: reporter_main() reads metrics.requests without metrics.lock,
 *   record_request() increments it under mtx_lock()
 * why: the request path updates the counters under the mtx_t, but the reporter thread snapshots
 *   them for the dashboard without taking it, so its reads have no happens-before with the
 *   increments that main makes after thrd_create().
 */
#include <stdio.h>
#include <threads.h>
#include <time.h>

#define SAMPLES 5
#define REQUESTS 20000

static struct {
    mtx_t lock;
    unsigned long requests; /* guarded by lock */
    unsigned long errors;   /* guarded by lock */
    unsigned long bytes;    /* guarded by lock */
} metrics;

struct dashboard {
    unsigned long requests[SAMPLES];
    unsigned long errors[SAMPLES];
};

static void record_request(unsigned long bytes, int failed)
{
    mtx_lock(&metrics.lock);
    metrics.requests++;
    if (failed)
        metrics.errors++;
    metrics.bytes += bytes;
    mtx_unlock(&metrics.lock);
}

static int reporter_main(void *arg)
{
    struct dashboard *d = arg;
    const struct timespec period = {.tv_sec = 0, .tv_nsec = 1000 * 1000};
    for (int i = 0; i < SAMPLES; i++) {
        d->requests[i] = metrics.requests;
        d->errors[i] = metrics.errors;
        thrd_sleep(&period, NULL);
    }
    return thrd_success;
}

static unsigned long serve(unsigned id)
{
    unsigned long h = id;
    for (int i = 0; i < 16; i++)
        h = h * 6364136223846793005ul + 1442695040888963407ul;
    return 200 + (h >> 56);
}

int main(void)
{
    if (mtx_init(&metrics.lock, mtx_plain) != thrd_success)
        return 1;
    static struct dashboard dash;
    thrd_t reporter;
    if (thrd_create(&reporter, reporter_main, &dash) != thrd_success)
        return 1;

    for (unsigned id = 0; id < REQUESTS; id++)
        record_request(serve(id), id % 97 == 0);

    thrd_join(reporter, NULL);
    mtx_lock(&metrics.lock);
    printf("served %lu requests (%lu errors, %lu bytes); last sample %lu\n", metrics.requests,
           metrics.errors, metrics.bytes, dash.requests[SAMPLES - 1]);
    mtx_unlock(&metrics.lock);
    mtx_destroy(&metrics.lock);
    return 0;
}
