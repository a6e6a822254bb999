/* cert-refcount-plain-int.c: TLS handshake threads share a certificate with a plain int refcount.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 42 and 48: c->refs++ in cert_ref() and --c->refs in cert_unref(), on 8 threads
 * why: every handshake thread takes and drops a reference with a non-atomic increment and
 *   decrement and no lock; the threads' read-modify-writes of refs have no happens-before.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NHANDSHAKES 8
#define DER_LEN 200

struct cert {
    char subject[24];
    long serial;
    int refs;
    unsigned char der[DER_LEN];
};

static struct cert *cert_load(const char *subject, long serial)
{
    struct cert *c = malloc(sizeof *c);
    if (c == NULL)
        return NULL;
    snprintf(c->subject, sizeof c->subject, "%s", subject);
    c->serial = serial;
    c->refs = 1;
    for (int i = 0; i < DER_LEN; i++)
        c->der[i] = (unsigned char)(i * 37 + serial);
    return c;
}

static struct cert *cert_ref(struct cert *c)
{
    c->refs++;
    return c;
}

static void cert_unref(struct cert *c)
{
    if (--c->refs == 0)
        free(c);
}

struct handshake {
    pthread_t tid;
    struct cert *server_cert; /* borrowed from main */
    unsigned digest;
};

static void *handshake_main(void *arg)
{
    struct handshake *hs = arg;
    struct cert *c = cert_ref(hs->server_cert);
    unsigned h = 2166136261u;
    for (int round = 0; round < 4; round++)
        for (int i = 0; i < DER_LEN; i++)
            h = (h ^ c->der[i]) * 16777619u;
    hs->digest = h ^ (unsigned)c->serial;
    cert_unref(c);
    return NULL;
}

int main(void)
{
    struct cert *cert = cert_load("CN=api.example.net", 4711);
    if (cert == NULL)
        return 1;

    static struct handshake hs[NHANDSHAKES];
    int started = 0;
    for (; started < NHANDSHAKES; started++) {
        hs[started].server_cert = cert;
        if (pthread_create(&hs[started].tid, NULL, handshake_main, &hs[started]) != 0)
            break;
    }
    unsigned all = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(hs[i].tid, NULL);
        all += hs[i].digest;
    }
    printf("%d handshakes, digest %08x\n", started, all);
    cert_unref(cert);
    return 0;
}
