/* main.c: two tellers post to one ledger; the total must be exact.
 * A small multi-file program for `racelab run` (tests/cli.sh): the racy
 * ledger is bank/ledger.c, the fixed one bank-fixed/ledger.c. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

#include "ledger.h"

#define POSTS 1000

static pthread_barrier_t start;

static void *teller(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start); /* both tellers post at once */
    for (int i = 0; i < POSTS; i++)
        ledger_post(1);
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
    printf("balance = %ld\n", balance);
    return balance == 2 * POSTS ? 0 : 1;
}
