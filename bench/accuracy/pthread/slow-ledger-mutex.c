/* slow-ledger-mutex.c: eight tellers post many transfers to one mutex-protected ledger (slow).
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 51-59: every balance update and every audit-chain step happens inside
 *   pthread_mutex_lock/unlock of ledger.lock
 * why: a single lock guards all shared state and each teller's own counters are private; the
 *   run just does a lot of contended locking (about 0.3-0.5 s natively, by design), which
 *   under Valgrind stretches to many seconds.
 * tempts: a long run with eight threads queueing on one mutex, which a tool may give up on as
 *   a "possible deadlock" or hang.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NTELLERS 8
#define NACCOUNTS 64
#define TRANSFERS 60000
#define AUDIT_ROUNDS 380

static struct {
    pthread_mutex_t lock;
    long balance[NACCOUNTS]; /* guarded by lock */
    uint64_t audit;          /* hash chain over every posting; guarded by lock */
    unsigned long postings;  /* guarded by lock */
} ledger = {.lock = PTHREAD_MUTEX_INITIALIZER};

static uint64_t mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < AUDIT_ROUNDS; i++) {
        h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        v = v * 0xff51afd7ed558ccdull + 1;
    }
    return h;
}

static void *teller_main(void *arg)
{
    uint64_t rng = 0x2545f4914f6cdd1dull ^ (uint64_t)(uintptr_t)arg;
    unsigned long mine = 0;
    for (int t = 0; t < TRANSFERS; t++) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        int from = (int)(rng % NACCOUNTS), to = (int)((rng >> 16) % NACCOUNTS);
        long amount = (long)((rng >> 32) % 500);
        pthread_mutex_lock(&ledger.lock);
        if (from != to && ledger.balance[from] >= amount) {
            ledger.balance[from] -= amount;
            ledger.balance[to] += amount;
            ledger.audit = mix(ledger.audit, (uint64_t)from << 40 | (uint64_t)to << 20 | amount);
            ledger.postings++;
            mine++;
        }
        pthread_mutex_unlock(&ledger.lock);
    }
    return (void *)(uintptr_t)mine;
}

int main(void)
{
    for (int a = 0; a < NACCOUNTS; a++)
        ledger.balance[a] = 10000;
    pthread_t tids[NTELLERS];
    int started = 0;
    for (; started < NTELLERS; started++)
        if (pthread_create(&tids[started], NULL, teller_main, (void *)(uintptr_t)started) != 0)
            break;
    unsigned long posted = 0;
    for (int i = 0; i < started; i++) {
        void *n;
        pthread_join(tids[i], &n);
        posted += (unsigned long)(uintptr_t)n;
    }
    long total = 0;
    for (int a = 0; a < NACCOUNTS; a++)
        total += ledger.balance[a];
    printf("%lu postings (%s), money conserved: %s\n", ledger.postings,
           posted == ledger.postings ? "all accounted" : "MISMATCH",
           total == 10000L * NACCOUNTS ? "yes" : "no");
    return 0;
}
