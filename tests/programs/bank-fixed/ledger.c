/* ledger.c: the fixed ledger: one lock around every post. */
#include <pthread.h>

#include "ledger.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long balance; /* guarded by lock */

void ledger_post(long amount)
{
    pthread_mutex_lock(&lock);
    balance += amount;
    pthread_mutex_unlock(&lock);
}

long ledger_balance(void)
{
    pthread_mutex_lock(&lock);
    long b = balance;
    pthread_mutex_unlock(&lock);
    return b;
}
