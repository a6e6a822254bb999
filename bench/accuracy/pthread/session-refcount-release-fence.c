/* session-refcount-release-fence.c: a shared session freed by whichever thread drops it last.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 53-55: session_put() decrements with memory_order_release and the last owner
 *   issues atomic_thread_fence(memory_order_acquire) before session_destroy()
 * why: every worker's writes to its slot happen before its release decrement; the thread that
 *   sees the count reach zero acquires all of them through the fence, then reads and frees.
 * tempts: a free, and reads of other threads' slots, by an arbitrary worker; the ordering comes
 *   from a stand-alone acquire fence, which some detectors do not model.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define NWORKERS 12

struct session {
    char user[24];
    int shard;
    atomic_int refs;
    unsigned long sent[NWORKERS]; /* slot i written only by worker i */
};

static unsigned long final_total; /* written by the destroying thread; read after joins */

static struct session *session_new(const char *user, int owners)
{
    struct session *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    snprintf(s->user, sizeof s->user, "%s", user);
    s->shard = 3;
    atomic_init(&s->refs, owners);
    return s;
}

static void session_destroy(struct session *s)
{
    unsigned long total = 0;
    for (int i = 0; i < NWORKERS; i++)
        total += s->sent[i];
    final_total = total;
    free(s);
}

static void session_put(struct session *s)
{
    if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_release) == 1) {
        atomic_thread_fence(memory_order_acquire);
        session_destroy(s);
    }
}

struct worker {
    pthread_t tid;
    int id;
    struct session *s; /* one reference, owned by this worker */
};

static void *stream_main(void *arg)
{
    struct worker *w = arg;
    unsigned long bytes = 0;
    for (int msg = 0; msg < 200; msg++)
        bytes += (unsigned long)(64 + (msg * 7 + w->id + w->s->shard) % 512);
    w->s->sent[w->id] = bytes;
    session_put(w->s);
    w->s = NULL;
    return NULL;
}

int main(void)
{
    /* one reference per worker, plus main's own */
    struct session *s = session_new("alice@example.org", NWORKERS + 1);
    if (s == NULL)
        return 1;
    static struct worker workers[NWORKERS];
    int started = 0;
    for (; started < NWORKERS; started++) {
        workers[started].id = started;
        workers[started].s = s;
        if (pthread_create(&workers[started].tid, NULL, stream_main, &workers[started]) != 0)
            break;
    }
    for (int i = started; i < NWORKERS; i++)
        session_put(s); /* references of workers that never started */
    session_put(s);     /* main's own; s may be gone after this */

    for (int i = 0; i < started; i++)
        pthread_join(workers[i].tid, NULL);
    printf("session closed, %lu bytes streamed\n", final_total);
    return 0;
}
