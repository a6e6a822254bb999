/* ledger.h: a shared ledger that several threads post to. */
#ifndef LEDGER_H
#define LEDGER_H

void ledger_post(long amount);
long ledger_balance(void);

#endif
