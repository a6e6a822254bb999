/* tzdb-dcl-acquire-release.c: double-checked locking done right with a C11 atomic pointer.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 56 and 64: fast-path atomic_load_explicit(memory_order_acquire) pairs with the
 *   atomic_store_explicit(memory_order_release) that publishes the filled table under tz_lock
 * why: the table is completely built before the release store, and any thread that sees the
 *   non-NULL pointer through the acquire load sees those writes; the lock only serialises
 *   builders.
 * tempts: the classic double-checked-locking shape, where readers skip the mutex and read a
 *   table that another thread wrote; correct only because of the acquire/release pair.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 8
#define NZONES 12

struct tz_zone {
    char name[24];
    int utc_offset_min;
};

struct tz_db {
    int count;
    struct tz_zone zones[NZONES];
};

static _Atomic(struct tz_db *) tz_db_ptr;
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static struct tz_db *tz_db_load(void)
{
    static const struct tz_zone builtin[NZONES] = {
        {"UTC", 0},         {"Europe/Berlin", 60}, {"Europe/London", 0},
        {"America/New_York", -300}, {"America/Denver", -420}, {"Asia/Tokyo", 540},
        {"Asia/Kolkata", 330},      {"Australia/Sydney", 600}, {"Africa/Cairo", 120},
        {"America/Sao_Paulo", -180}, {"Pacific/Auckland", 720}, {"Asia/Dubai", 240},
    };
    struct tz_db *db = malloc(sizeof *db);
    if (db == NULL)
        return NULL;
    memcpy(db->zones, builtin, sizeof builtin);
    db->count = NZONES;
    return db;
}

static const struct tz_db *tz_db_get(void)
{
    struct tz_db *db = atomic_load_explicit(&tz_db_ptr, memory_order_acquire);
    if (db != NULL)
        return db;
    pthread_mutex_lock(&tz_lock);
    db = atomic_load_explicit(&tz_db_ptr, memory_order_relaxed);
    if (db == NULL) {
        db = tz_db_load();
        if (db != NULL)
            atomic_store_explicit(&tz_db_ptr, db, memory_order_release);
    }
    pthread_mutex_unlock(&tz_lock);
    return db;
}

static int utc_offset(const char *zone)
{
    const struct tz_db *db = tz_db_get();
    if (db == NULL)
        return 0;
    for (int i = 0; i < db->count; i++)
        if (strcmp(db->zones[i].name, zone) == 0)
            return db->zones[i].utc_offset_min;
    return 0;
}

static void *scheduler_main(void *arg)
{
    static const char *const zones[4] = {"Asia/Tokyo", "America/Denver", "UTC", "Asia/Kolkata"};
    long id = (long)arg;
    long acc = 0;
    for (int i = 0; i < 100; i++)
        acc += utc_offset(zones[(id + i) % 4]);
    return (void *)acc;
}

int main(void)
{
    pthread_t tids[NTHREADS];
    int started = 0;
    for (; started < NTHREADS; started++)
        if (pthread_create(&tids[started], NULL, scheduler_main, (void *)(long)started) != 0)
            break;
    long total = 0;
    for (int i = 0; i < started; i++) {
        void *r;
        pthread_join(tids[i], &r);
        total += (long)r;
    }
    printf("%d schedulers, offset sum %ld min\n", started, total);
    free(atomic_load(&tz_db_ptr));
    return 0;
}
