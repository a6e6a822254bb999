/* tally-user.c: two threads add to one tally through libtally.so
 * (tally-lib.c), which is not instrumented, and nothing serialises them.
 *
 * The race is inside the library's code. ThreadSanitizer sees only code
 * built with -fsanitize=thread, so the TSan build of this program, built by
 * racelab cc, reports nothing; Helgrind and DRD see every instruction.
 * Expected under racelab run: the program loads a library TSan does not see,
 * so Helgrind and DRD run beside TSan (not as its fallback) and report the
 * race at tally-lib.c:13: exit 1.
 *
 * Build: racelab cc -o tally-user tally-user.c -- -L. -ltally -Wl,-rpath,'$ORIGIN' */
#include <pthread.h>
#include <stdio.h>

struct tally {
    long count;
};
void tally_add(struct tally *t, long n);
long tally_count(const struct tally *t);

static struct tally visits;
static pthread_barrier_t start;

static void *visitor(void *arg)
{
    pthread_barrier_wait(&start); /* both threads add at once */
    tally_add(&visits, 100000);
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_barrier_init(&start, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, visitor, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("%ld visits\n", tally_count(&visits));
    return 0;
}
