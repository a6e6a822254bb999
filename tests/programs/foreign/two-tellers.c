/* two-tellers.c: one race, which every tool sees, reported once.
 *
 * Two tellers post deposits to one balance without the ledger's lock (line
 * 25): a read-modify-write racing with itself. A barrier starts both tellers
 * together, so the race is there in every run and under every tool. Expected
 * under racelab run --runs 2: TSan, Helgrind and DRD each fail on it, and
 * every format shows it once: one SARIF result naming the three tools, one
 * GitHub ::error, one JUnit failure, one JSON bug, one diagnostic, one entry
 * in the text (in 4/4 runs: two runs of each of the -O1 and -O0 builds). */
#include <pthread.h>
#include <stdio.h>

static pthread_barrier_t start;
static long balance; /* guarded by nothing: the bug */

struct teller {
    pthread_t thread;
    long deposits;
};

static void *post(void *arg)
{
    struct teller *t = arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < t->deposits; i++)
        balance += 1;
    return NULL;
}

int main(void)
{
    struct teller tellers[2] = {{.deposits = 1000}, {.deposits = 1000}};
    pthread_barrier_init(&start, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&tellers[i].thread, NULL, post, &tellers[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(tellers[i].thread, NULL);
    pthread_barrier_destroy(&start);
    printf("balance %ld\n", balance);
    return 0;
}
