/* lazy-codec-table-dcl.c: double-checked locking on a plain pointer to a lazily built table.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 55 and 61: unlocked fast-path read of codec_table, write under table_lock
 * why: codec_lookup() tests the plain pointer codec_table before taking table_lock; the decoder
 *   that builds the table stores it under the lock, and the other seven decoders' first unlocked
 *   loads have no happens-before with that store.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NDECODERS 8
#define NCODECS 16

struct codec {
    char name[12];
    int id;
    int frame_bytes;
};

struct codec_table {
    int count;
    struct codec codecs[NCODECS];
};

static struct codec_table *codec_table;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static struct codec_table *build_table(void)
{
    static const char *const names[NCODECS] = {
        "pcm",  "alaw", "ulaw", "g722", "g729", "gsm",  "ilbc", "speex",
        "opus", "amr",  "amrwb", "evs", "aac",  "mp3",  "flac", "vorbis",
    };
    struct codec_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    for (int i = 0; i < NCODECS; i++) {
        snprintf(t->codecs[i].name, sizeof t->codecs[i].name, "%s", names[i]);
        t->codecs[i].id = 100 + i;
        t->codecs[i].frame_bytes = 20 * (i + 1);
    }
    t->count = NCODECS;
    return t;
}

static const struct codec *codec_lookup(const char *name)
{
    struct codec_table *t = codec_table;
    if (t == NULL) {
        pthread_mutex_lock(&table_lock);
        t = codec_table;
        if (t == NULL) {
            t = build_table();
            codec_table = t;
        }
        pthread_mutex_unlock(&table_lock);
        if (t == NULL)
            return NULL;
    }
    for (int i = 0; i < t->count; i++)
        if (strcmp(t->codecs[i].name, name) == 0)
            return &t->codecs[i];
    return NULL;
}

struct decoder {
    pthread_t tid;
    const char *codec;
    long bytes;
};

static void *decoder_main(void *arg)
{
    struct decoder *d = arg;
    for (int frame = 0; frame < 50; frame++) {
        const struct codec *c = codec_lookup(d->codec);
        if (c == NULL)
            break;
        d->bytes += c->frame_bytes;
    }
    return NULL;
}

int main(void)
{
    static const char *const wanted[NDECODERS] = {"opus", "pcm",  "g722", "aac",
                                                  "opus", "flac", "amr",  "speex"};
    static struct decoder decoders[NDECODERS];
    int started = 0;
    for (; started < NDECODERS; started++) {
        decoders[started].codec = wanted[started];
        if (pthread_create(&decoders[started].tid, NULL, decoder_main, &decoders[started]))
            break;
    }
    long total = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(decoders[i].tid, NULL);
        total += decoders[i].bytes;
    }
    printf("%d decoders, %ld bytes decoded\n", started, total);
    free(codec_table);
    return 0;
}
