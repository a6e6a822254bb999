/* sensor-reading-header-copy.c: the reporter copies a whole live reading to print its header.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: O0
 * where: lines 64 and 48-49: s->last copied whole in report_header(), fields written in sampler()
 * why: report_header() copies the whole struct s->last without s->lock because it only prints
 *   the fixed channel/scale fields, but the copy also reads value and seq, which the sampler
 *   writes under the lock. -O1 turns the copy into loads of the two fields it uses.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NSAMPLES 500

struct reading {
    int channel;      /* fixed at registration */
    int scale;        /* fixed at registration */
    double value;     /* updated by the sampler */
    uint32_t seq;     /* updated by the sampler */
};

struct sensor {
    pthread_mutex_t lock;
    struct reading last;
};

struct sampler_args {
    struct sensor *s;
    uint32_t seed;
};

static double read_adc(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return (double)((*state >> 8) & 0xfff) / 4096.0;
}

static void *sampler(void *arg)
{
    struct sampler_args *a = arg;
    for (int i = 0; i < NSAMPLES; i++) {
        double v = read_adc(&a->seed);
        pthread_mutex_lock(&a->s->lock);
        a->s->last.value = v * a->s->last.scale;
        a->s->last.seq++;
        pthread_mutex_unlock(&a->s->lock);
    }
    return NULL;
}

struct report {
    char line[64];
    int len;
};

static void *report_header(void *arg)
{
    struct sensor *s = arg;
    struct report *rep = calloc(1, sizeof *rep);
    struct reading r = s->last; /* "header fields never change, no lock needed" */
    rep->len = snprintf(rep->line, sizeof rep->line, "channel %d (x%d)", r.channel, r.scale);
    return rep;
}

int main(void)
{
    struct sensor s = { .lock = PTHREAD_MUTEX_INITIALIZER,
                        .last = { .channel = 3, .scale = 100, .value = 0.0, .seq = 0 } };
    struct sampler_args sa = { &s, 42u };
    pthread_t smp, rpt;
    void *res = NULL;

    if (pthread_create(&smp, NULL, sampler, &sa) != 0)
        return 1;
    if (pthread_create(&rpt, NULL, report_header, &s) != 0)
        return 1;
    pthread_join(rpt, &res);
    pthread_join(smp, NULL);

    struct report *rep = res;
    if (rep) {
        printf("%s: seq %u value %.2f\n", rep->line, s.last.seq, s.last.value);
        free(rep);
    }
    return 0;
}
