/* racelab-case
 * title: Adjacent bit-fields written by different threads
 * bug: `struct status` packs two one-bit flags, `loaded` and `saved`, as
 *   bit-fields; for each of `docs` documents, one thread sets `loaded` and
 *   another sets `saved`. The fields look
 *   independent, but adjacent bit-fields form ONE memory location in C11: the
 *   CPU cannot store a single bit, so `s->loaded = 1` compiles to "load the
 *   byte, set a bit, store the byte", and so does `s->saved = 1`. Both threads
 *   write the same byte without synchronisation: a data race, and if the two
 *   read-modify-writes overlap, one thread's store puts back the other's flag
 *   as it was, and that flag is lost.
 * fix: Give each flag a memory location of its own (separate members that are
 *   not bit-fields, e.g. two `bool`s), or protect every write to the shared
 *   bit-field word with one mutex.
 * hint: `loaded` and `saved` are different fields, written by different
 *   threads. Can the CPU store a single bit, or does it rewrite the byte they
 *   share?
 * hint: Data written by different threads must live in different memory
 *   locations: adjacent bit-fields are one memory location in C11, separate
 *   members that are not bit-fields are not.
 * hint: Turn the two bit-fields of `struct status` into two plain `bool`
 *   members (<stdbool.h>), set them to `true`, and print them with `%d`.
 * task: For each of `docs` documents, a loader thread sets the `loaded` flag
 *   of its `struct status` and a saver thread sets `saved`. The race detectors
 *   report a race though the threads write different fields. Make it
 *   race-free, with every flag set and loader and saver still two threads.
 * wrong-fix: volatile: Volatile bit-fields still share one memory location:
 *   setting one flag still reads and rewrites the other, now with volatile
 *   accesses, and the two threads' writes still race.
 * wrong-fix: lock-per-thread: A mutex for the loader and another for the saver
 *   exclude nothing: each thread holds its own lock while both rewrite the same
 *   memory.
 * rust: Rust has no bit-fields: packed flags live in one integer, and two
 *   scoped threads that both modify it need two `&mut` borrows of it (E0499).
 *   Two separate `bool` fields are accepted: disjoint fields are separate
 *   memory locations.
 * tsan: data-race
 * helgrind: data-race
 * drd: data-race
 * tsa: clean: no lock is involved (the fix separates the flags rather than
 *   locking them), and the thread-safety analysis does not know that two
 *   bit-fields share one memory location.
 * analyzer: clean: the analyzer follows one function, in one thread, at a
 *   time, and there writing one bit-field leaves the other intact.
 * tidy: clean: no clang-tidy check run here looks at bit-fields written by
 *   different threads (CERT's rule CON32-C has no clang-tidy check).
 * cppcheck: clean: cppcheck has no model of threads: of concurrency it checks
 *   only POSIX's non-reentrant functions (`--library=posix`) and function-local
 *   statics (the `threadsafety` addon); two bit-fields sharing a memory
 *   location are a C memory-model matter it does not know.
 * param: docs 1 1..1000
 * oracle: stdout "loaded = {docs}, saved = {docs}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/handshake.h"

struct status {
    /* BUG: one byte holds both flags; writing one rewrites the other */
    unsigned int loaded : 1; /* written by the loader */
    unsigned int saved : 1;  /* written by the saver */
};

static struct status *status; /* one per document */
static long docs;             /* how many: the `docs` parameter */

/* The saver writes only after the loader has written, so that the flags come
 * out right while the detectors still see two unordered writes. A test device:
 * it orders in time only, and the detectors see no synchronisation through it. */
static struct rl_handshake loaded;

static void *loader(void *arg)
{
    (void)arg;
    for (long i = 0; i < docs; i++)
        status[i].loaded = 1; /* reads and writes the byte that holds `saved` */
    rl_handshake_signal(&loaded);
    return NULL;
}

static void *saver(void *arg)
{
    (void)arg;
    rl_handshake_wait(&loaded);
    for (long i = 0; i < docs; i++)
        status[i].saved = 1; /* races with the loader's write of the same byte */
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
