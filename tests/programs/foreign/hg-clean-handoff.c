/* hg-clean-handoff.c: a buffer handed over through a pipe, annotated for Helgrind.
 *
 * The producer fills a buffer and writes its address into a pipe; the
 * consumer reads the address, tells Helgrind the buffer's history is over
 * (VALGRIND_HG_CLEAN_MEMORY, line 37: it now belongs to the consumer) and
 * reads it. The pipe orders the two (write before read), which Valgrind's
 * tools cannot see; Helgrind honours the annotation, DRD ignores it.
 * Race-free. Expected under racelab run: DRD, which does not honour
 * Helgrind's requests, is n/a by default; TSan and Helgrind pass. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/helgrind.h>

static int channel[2];
static char buffer[64];

static void *producer(void *arg)
{
    snprintf(buffer, sizeof buffer, "frame %d", 42);
    char *p = buffer;
    if (write(channel[1], &p, sizeof p) != sizeof p)
        return NULL;
    return arg;
}

int main(void)
{
    pthread_t t;
    if (pipe(channel) != 0)
        return 1;
    pthread_create(&t, NULL, producer, NULL);
    char *got = NULL;
    if (read(channel[0], &got, sizeof got) != sizeof got)
        return 1;
    VALGRIND_HG_CLEAN_MEMORY(buffer, sizeof buffer);
    printf("%zu bytes: %s\n", strlen(got), got);
    pthread_join(t, NULL);
    return 0;
}
