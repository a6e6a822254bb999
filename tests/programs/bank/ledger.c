/* ledger.c: the racy ledger: posts from two threads are not ordered. */
#include "ledger.h"

static long balance;

void ledger_post(long amount)
{
    balance += amount; /* the race: a load, an add and a store, unlocked */
}

long ledger_balance(void)
{
    return balance;
}
