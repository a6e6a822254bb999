/* racelab-case
 * title: Adjacent bit-fields written by different threads
 * discipline: Data written by different threads must live in different memory
 *   locations. Each flag is its own `bool` member, not a bit-field: C11
 *   guarantees that distinct non-bit-field members are separate memory
 *   locations, so the compiler must store each one without touching its
 *   neighbour, and the two threads' writes do not conflict. (Where the
 *   flags must stay packed, one mutex guards every write to the word.)
 * rust: two separate `bool` fields; since edition 2021 a closure captures only
 *   the field it uses, so `s.spawn(|| status.loaded = true)` and
 *   `s.spawn(|| status.saved = true)` are two disjoint `&mut` borrows that
 *   rustc accepts. Bits that must share a byte: an `AtomicU8` with `fetch_or`.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: docs 1 1..1000
 * oracle: stdout "loaded = {docs}, saved = {docs}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/handshake.h"

struct status {
    /* FIX: two members, two memory locations: each write touches its own byte */
    bool loaded; /* written by the loader */
    bool saved;  /* written by the saver */
};

static struct status *status; /* one per document */
static long docs;             /* how many: the `docs` parameter */

/* Kept from the buggy twin: the saver writes after the loader. A test device:
 * it orders in time only; the detectors ignore it. */
static struct rl_handshake loaded;

static void *loader(void *arg)
{
    (void)arg;
    for (long i = 0; i < docs; i++)
        status[i].loaded = true; /* touches only `loaded` */
    rl_handshake_signal(&loaded);
    return NULL;
}

static void *saver(void *arg)
{
    (void)arg;
    rl_handshake_wait(&loaded);
    for (long i = 0; i < docs; i++)
        status[i].saved = true; /* touches only `saved` */
    return NULL;
}

int main(void)
{
    pthread_t l, s;
    docs = rl_param("docs", 1);
    status = calloc((size_t)docs, sizeof *status);
    if (!status)
        abort();
    rl_handshake_init(&loaded);
    pthread_create(&s, NULL, saver, NULL);
    pthread_create(&l, NULL, loader, NULL);
    pthread_join(l, NULL);
    pthread_join(s, NULL);
    rl_handshake_destroy(&loaded);
    long nloaded = 0, nsaved = 0; /* documents with each flag set */
    for (long i = 0; i < docs; i++) {
        nloaded += status[i].loaded;
        nsaved += status[i].saved;
    }
    printf("loaded = %ld, saved = %ld\n", nloaded, nsaved);
    free(status);
    return 0;
}
