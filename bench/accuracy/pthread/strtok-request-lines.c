/* strtok-request-lines.c: four request handlers split header lines with strtok().
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 42 and 47: strtok() in parse_header() on two handler threads at once
 * why: strtok() keeps its scan position in one hidden static pointer inside libc; the four
 *   handlers call it concurrently with no lock, so they read and write that pointer racily.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NHANDLERS 4
#define NLINES 6
#define LINE_LEN 128

struct header {
    char name[32];
    char value[64];
};

struct request_ctx {
    int id;
    char lines[NLINES][LINE_LEN]; /* owned by this handler */
    struct header hdrs[NLINES];
    int nhdrs;
    unsigned long hash;
};

static struct request_ctx requests[NHANDLERS];

static void copy_field(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src != NULL ? src : "");
}

static int parse_header(char *line, struct header *out)
{
    char *name = strtok(line, ":");
    if (name == NULL)
        return -1;
    copy_field(out->name, sizeof out->name, name);
    /* value: rest of the line, leading blanks skipped */
    char *value = strtok(NULL, "\r\n");
    while (value != NULL && *value == ' ')
        value++;
    copy_field(out->value, sizeof out->value, value);
    return 0;
}

static void *handle_request(void *arg)
{
    struct request_ctx *rq = arg;
    for (int i = 0; i < NLINES; i++) {
        if (parse_header(rq->lines[i], &rq->hdrs[rq->nhdrs]) == 0)
            rq->nhdrs++;
    }
    for (int i = 0; i < rq->nhdrs; i++)
        for (const char *p = rq->hdrs[i].value; *p != '\0'; p++)
            rq->hash = rq->hash * 33u + (unsigned char)*p;
    return NULL;
}

int main(void)
{
    static const char *const templ[NLINES] = {
        "Host: svc-%d.internal",   "User-Agent: probe/%d.0", "Accept: */*",
        "X-Request-Id: req-%d",    "Content-Length: %d0",    "Connection: keep-alive",
    };
    pthread_t tids[NHANDLERS];
    int started = 0;

    for (int h = 0; h < NHANDLERS; h++) {
        requests[h].id = h;
        for (int i = 0; i < NLINES; i++)
            snprintf(requests[h].lines[i], LINE_LEN, templ[i], h);
    }
    for (; started < NHANDLERS; started++)
        if (pthread_create(&tids[started], NULL, handle_request, &requests[started]) != 0)
            break;
    for (int h = 0; h < started; h++)
        pthread_join(tids[h], NULL);

    unsigned long all = 0;
    int nhdrs = 0;
    for (int h = 0; h < started; h++) {
        all ^= requests[h].hash;
        nhdrs += requests[h].nhdrs;
    }
    printf("parsed %d headers, hash %08lx\n", nhdrs, all & 0xfffffffful);
    return 0;
}
