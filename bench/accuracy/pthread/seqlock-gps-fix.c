/* seqlock-gps-fix.c: a C11 seqlock publishes GPS fixes to four readers without blocking them.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 42-48 (writer) and 56-65 (reader): the payload fields are relaxed atomics; the
 *   writer makes seq odd, issues a release fence, stores, then publishes seq+2 with release; the
 *   reader loads seq with acquire, loads the fields, issues an acquire fence and re-reads seq
 * why: this is the standard C11 seqlock (all shared accesses atomic, fences order them), so there
 *   is no data race and a reader retries whenever a write overlapped its copy.
 * tempts: readers and a writer touching the same fields concurrently with no lock, relying on
 *   stand-alone fences that some detectors do not model.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define NREADERS 4
#define NFIXES 3000
#define NREADS 3000

struct gps_fix {
    atomic_long lat_e7;
    atomic_long lon_e7;
    atomic_long check; /* lat ^ lon, to spot torn copies */
};

static struct {
    atomic_uint seq;
    struct gps_fix fix;
} pos;

struct fix_copy {
    long lat, lon, check;
};

static void publish_fix(long lat, long lon)
{
    unsigned s = atomic_load_explicit(&pos.seq, memory_order_relaxed);
    atomic_store_explicit(&pos.seq, s + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&pos.fix.lat_e7, lat, memory_order_relaxed);
    atomic_store_explicit(&pos.fix.lon_e7, lon, memory_order_relaxed);
    atomic_store_explicit(&pos.fix.check, lat ^ lon, memory_order_relaxed);
    atomic_store_explicit(&pos.seq, s + 2, memory_order_release);
}

static struct fix_copy read_fix(void)
{
    struct fix_copy c;
    unsigned s1, s2;
    do {
        s1 = atomic_load_explicit(&pos.seq, memory_order_acquire);
        if (s1 & 1u) {
            sched_yield();
            continue;
        }
        c.lat = atomic_load_explicit(&pos.fix.lat_e7, memory_order_relaxed);
        c.lon = atomic_load_explicit(&pos.fix.lon_e7, memory_order_relaxed);
        c.check = atomic_load_explicit(&pos.fix.check, memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        s2 = atomic_load_explicit(&pos.seq, memory_order_relaxed);
    } while ((s1 & 1u) || s1 != s2);
    return c;
}

static void *gps_main(void *arg)
{
    (void)arg;
    for (long i = 1; i <= NFIXES; i++)
        publish_fix(525200000 + i * 13, 134050000 - i * 7);
    return NULL;
}

static void *reader_main(void *arg)
{
    (void)arg;
    unsigned long torn = 0;
    for (int i = 0; i < NREADS; i++) {
        struct fix_copy c = read_fix();
        if ((c.lat ^ c.lon) != c.check)
            torn++;
    }
    return (void *)torn;
}

int main(void)
{
    publish_fix(525200000, 134050000);
    pthread_t gps, readers[NREADERS];
    if (pthread_create(&gps, NULL, gps_main, NULL) != 0)
        return 1;
    int started = 0;
    for (; started < NREADERS; started++)
        if (pthread_create(&readers[started], NULL, reader_main, NULL) != 0)
            break;
    unsigned long torn = 0;
    for (int i = 0; i < started; i++) {
        void *t;
        pthread_join(readers[i], &t);
        torn += (unsigned long)t;
    }
    pthread_join(gps, NULL);
    struct fix_copy last = read_fix();
    printf("%d readers, %lu torn copies, last fix %ld,%ld\n", started, torn, last.lat, last.lon);
    return 0;
}
