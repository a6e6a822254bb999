/* atomic-handoff.c: a message handed over with C11 release/acquire.
 *
 * The producer fills a struct with plain stores, then publishes it with a
 * release store of a flag (line 26); the consumer spins on an acquire load
 * (line 32) and then reads the struct with plain loads. Race-free by the
 * C11 memory model. Expected under racelab run: TSan judges it (clean);
 * Helgrind and DRD, which take the flag's accesses for plain ones and the
 * release/acquire pair for no synchronisation, are n/a by default, and run
 * with a caveat when asked for. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct message {
    int id;
    char text[32];
};

static struct message box;
static atomic_int published;

static void *producer(void *arg)
{
    box.id = 7;
    snprintf(box.text, sizeof box.text, "hello from %d", box.id);
    atomic_store_explicit(&published, 1, memory_order_release);
    return arg;
}

static void *consumer(void *arg)
{
    while (!atomic_load_explicit(&published, memory_order_acquire))
        ;
    printf("%d: %s\n", box.id, box.text);
    return arg;
}

int main(void)
{
    pthread_t p, c;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    return 0;
}
