/* main.c: two tellers post to one ledger; the total must be exact.
 * A small multi-file program for `racelab run` (tests/cli.sh): the racy
 * ledger is bank/ledger.c, the fixed one bank-fixed/ledger.c. Built with
 * -DNEW_RACE it has a second race, in main.c, that a baseline taken on the
 * first does not know. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

#include "ledger.h"

#define POSTS 1000

static pthread_barrier_t start;
#ifdef NEW_RACE
static long receipts; /* the new race: both tellers count, unlocked */
#endif

static void *teller(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start); /* both tellers post at once */
    for (int i = 0; i < POSTS; i++) {
        ledger_post(1);
#ifdef NEW_RACE
        receipts++;
#endif
    }
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    pthread_barrier_init(&start, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, teller, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    long balance = ledger_balance();
    /* The racy ledger loses posts only sometimes: the exit status stays 0 so
     * that what fails a run is the tools' finding, not this luck. */
    printf("balance = %ld (expected %d)\n", balance, 2 * POSTS);
    return 0;
}
