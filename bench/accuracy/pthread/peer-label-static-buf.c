/* peer-label-static-buf.c: connection handlers log through a helper returning a static buffer.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 52 and 65: peer_label() writes its static buf, log_line() reads it as who[i]
 * why: peer_label() formats "a.b.c.d:port" into one function-static buffer and returns it; eight
 *   handler threads call it and copy from it with no lock, so their writes and reads race.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NHANDLERS 8
#define CONNS_PER_HANDLER 16
#define LABEL_LEN 24

struct peer {
    uint32_t addr; /* host order */
    uint16_t port;
};

struct handler {
    int id;
    struct peer peers[CONNS_PER_HANDLER];
    char last_label[LABEL_LEN];
    unsigned long log_hash;
};

static char *put_uint(char *p, unsigned v)
{
    char tmp[8];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        *p++ = tmp[--n];
    return p;
}

/* Returns "a.b.c.d:port" for log lines. */
static const char *peer_label(const struct peer *pr)
{
    static char buf[LABEL_LEN];
    char *p = buf;
    for (int shift = 24; shift >= 0; shift -= 8) {
        p = put_uint(p, (pr->addr >> shift) & 0xffu);
        *p++ = shift != 0 ? '.' : ':';
    }
    p = put_uint(p, pr->port);
    *p = '\0';
    return buf;
}

static void log_line(struct handler *h, const char *event, const char *who)
{
    size_t i = 0;
    for (const char *s = event; *s != '\0'; s++)
        h->log_hash = h->log_hash * 131u + (unsigned char)*s;
    for (; who[i] != '\0' && i + 1 < LABEL_LEN; i++) {
        h->last_label[i] = who[i];
        h->log_hash = h->log_hash * 131u + (unsigned char)who[i];
    }
    h->last_label[i] = '\0';
}

static void *handler_main(void *arg)
{
    struct handler *h = arg;
    for (int c = 0; c < CONNS_PER_HANDLER; c++) {
        const struct peer *pr = &h->peers[c];
        log_line(h, "accepted", peer_label(pr));
        log_line(h, "closed", peer_label(pr));
    }
    return NULL;
}

int main(void)
{
    static struct handler handlers[NHANDLERS];
    pthread_t tids[NHANDLERS];
    int started = 0;

    for (int i = 0; i < NHANDLERS; i++) {
        handlers[i].id = i;
        for (int c = 0; c < CONNS_PER_HANDLER; c++) {
            handlers[i].peers[c].addr = (10u << 24) | ((unsigned)i << 16) | (unsigned)(c + 1);
            handlers[i].peers[c].port = (uint16_t)(40000 + i * 100 + c);
        }
    }
    for (; started < NHANDLERS; started++)
        if (pthread_create(&tids[started], NULL, handler_main, &handlers[started]) != 0)
            break;
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);

    unsigned long all = 0;
    for (int i = 0; i < started; i++)
        all += handlers[i].log_hash;
    printf("handler 0 last peer %s, log hash %08lx\n", handlers[0].last_label,
           all & 0xfffffffful);
    return 0;
}
