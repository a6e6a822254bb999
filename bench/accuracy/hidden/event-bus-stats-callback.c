/* event-bus-stats-callback.c: a metrics subscriber adds to a plain counter from publisher threads.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: line 71: st->bytes += ev->len in on_event_stats(), run by both publisher threads
 * why: bus_publish() snapshots the subscriber list under bus->lock and runs the callbacks after
 *   unlocking, so on_event_stats() runs concurrently in both publishers and its plain += on
 *   the shared stats struct is unsynchronised (each publisher's last call follows its last unlock).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#define MAX_SUBS 8
#define NEVENTS 400

struct event {
    int type;
    size_t len;
};

typedef void (*event_cb)(const struct event *ev, void *ctx);

struct subscription {
    event_cb cb;
    void *ctx;
};

struct event_bus {
    pthread_mutex_t lock;
    struct subscription subs[MAX_SUBS];
    int nsubs;
};

struct stats {
    unsigned long bytes;
};

struct publisher {
    struct event_bus *bus;
    int type;
};

static int bus_subscribe(struct event_bus *bus, event_cb cb, void *ctx)
{
    pthread_mutex_lock(&bus->lock);
    int ok = bus->nsubs < MAX_SUBS;
    if (ok)
        bus->subs[bus->nsubs++] = (struct subscription){ cb, ctx };
    pthread_mutex_unlock(&bus->lock);
    return ok ? 0 : -1;
}

static void bus_publish(struct event_bus *bus, const struct event *ev)
{
    struct subscription snap[MAX_SUBS];
    pthread_mutex_lock(&bus->lock);
    int n = bus->nsubs;
    for (int i = 0; i < n; i++)
        snap[i] = bus->subs[i];
    pthread_mutex_unlock(&bus->lock);
    for (int i = 0; i < n; i++)
        snap[i].cb(ev, snap[i].ctx);
}

static void on_event_stats(const struct event *ev, void *ctx)
{
    struct stats *st = ctx;
    st->bytes += ev->len;
}

static void on_event_audit(const struct event *ev, void *ctx)
{
    (void)ctx;
    if (ev->type < 0)
        fprintf(stderr, "audit: bad event type %d\n", ev->type);
}

static void *publisher_main(void *arg)
{
    struct publisher *p = arg;
    for (int i = 0; i < NEVENTS; i++) {
        struct event ev = { p->type, 64 + (size_t)(i % 32) };
        bus_publish(p->bus, &ev);
    }
    return NULL;
}

int main(void)
{
    static struct event_bus bus = { .lock = PTHREAD_MUTEX_INITIALIZER };
    static struct stats st;
    if (bus_subscribe(&bus, on_event_stats, &st) != 0 ||
        bus_subscribe(&bus, on_event_audit, NULL) != 0)
        return 1;

    struct publisher pubs[2] = { { &bus, 1 }, { &bus, 2 } };
    pthread_t thr[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&thr[i], NULL, publisher_main, &pubs[i]) != 0)
            return 1;
    for (int i = 0; i < 2; i++)
        pthread_join(thr[i], NULL);

    printf("stats: %lu bytes in %d events\n", st.bytes, 2 * NEVENTS);
    return 0;
}
