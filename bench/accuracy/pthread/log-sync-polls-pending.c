/* log-sync-polls-pending.c: log_sync() polls the flusher's pending count without its lock.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 95 and 64: lg->pending read unlocked in log_sync(), decremented in flusher_main()
 * why: the flusher decrements pending under lg->lock, but log_sync() spins on it with nanosleep
 *   and never takes the lock, so its reads have no happens-before with the last decrements.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINE_LEN 96

struct log_entry {
    struct log_entry *next;
    int level;
    char text[LINE_LEN];
};

struct logger {
    pthread_mutex_t lock;
    pthread_cond_t nonempty;
    struct log_entry *head, *tail; /* guarded by lock */
    int pending;                   /* queued or being written; guarded by lock */
    bool closing;                  /* guarded by lock */
    pthread_t flusher;
    unsigned long bytes_out; /* flusher thread only, read after join */
    unsigned long checksum;  /* flusher thread only, read after join */
};

/* Stand-in for write(2) to the log file. */
static void sink_write(struct logger *lg, const struct log_entry *e)
{
    for (const char *p = e->text; *p != '\0'; p++)
        lg->checksum = lg->checksum * 31u + (unsigned char)*p;
    lg->bytes_out += strlen(e->text) + 1;
}

static void *flusher_main(void *arg)
{
    struct logger *lg = arg;

    pthread_mutex_lock(&lg->lock);
    for (;;) {
        while (lg->head == NULL && !lg->closing)
            pthread_cond_wait(&lg->nonempty, &lg->lock);
        if (lg->head == NULL)
            break;
        struct log_entry *e = lg->head;
        lg->head = e->next;
        if (lg->head == NULL)
            lg->tail = NULL;
        pthread_mutex_unlock(&lg->lock);
        sink_write(lg, e);
        free(e);
        pthread_mutex_lock(&lg->lock);
        lg->pending--;
    }
    pthread_mutex_unlock(&lg->lock);
    return NULL;
}

static int log_msg(struct logger *lg, int level, const char *what, int seq)
{
    struct log_entry *e = malloc(sizeof *e);
    if (e == NULL)
        return -1;
    e->next = NULL;
    e->level = level;
    snprintf(e->text, sizeof e->text, "<%d> %s seq=%d", level, what, seq);

    pthread_mutex_lock(&lg->lock);
    if (lg->tail != NULL)
        lg->tail->next = e;
    else
        lg->head = e;
    lg->tail = e;
    lg->pending++;
    pthread_cond_signal(&lg->nonempty);
    pthread_mutex_unlock(&lg->lock);
    return 0;
}

/* Returns once everything queued so far has reached the sink. */
static void log_sync(struct logger *lg)
{
    const struct timespec tick = {0, 100 * 1000};
    while (lg->pending > 0)
        nanosleep(&tick, NULL);
}

static int log_open(struct logger *lg)
{
    memset(lg, 0, sizeof *lg);
    pthread_mutex_init(&lg->lock, NULL);
    pthread_cond_init(&lg->nonempty, NULL);
    return pthread_create(&lg->flusher, NULL, flusher_main, lg);
}

static void log_close(struct logger *lg)
{
    pthread_mutex_lock(&lg->lock);
    lg->closing = true;
    pthread_cond_broadcast(&lg->nonempty);
    pthread_mutex_unlock(&lg->lock);
    pthread_join(lg->flusher, NULL);
    pthread_cond_destroy(&lg->nonempty);
    pthread_mutex_destroy(&lg->lock);
}

int main(void)
{
    static struct logger lg;
    if (log_open(&lg) != 0)
        return 1;

    for (int i = 0; i < 40; i++)
        log_msg(&lg, i % 4, "request served", i);
    log_sync(&lg); /* before rotating the file */
    puts("log synced, rotating");

    for (int i = 40; i < 60; i++)
        log_msg(&lg, 2, "request served", i);
    log_close(&lg);
    printf("flushed %lu bytes, checksum %08lx\n", lg.bytes_out, lg.checksum & 0xfffffffful);
    return 0;
}
