/* c11-thrd-counter.c: C11 <threads.h> threads and a mutex, race-free.
 *
 * Two thrd_create threads add to a counter under an mtx_t. Natively it
 * prints 2000. clang 14's ThreadSanitizer does not see threads glibc starts
 * for thrd_create and crashes inside its own signal handler ("nested bug").
 * Expected: built by racelab cc (which links the C11 shim), a pass under
 * TSan, Helgrind and DRD; built with plain clang, under racelab run --tool
 * tsan, a tool error that says so (exit 2), never the program's crash. */
#include <stdio.h>
#include <threads.h>

static mtx_t lock;
static long counter;

static int adder(void *arg)
{
    for (int i = 0; i < 1000; i++) {
        mtx_lock(&lock);
        counter++;
        mtx_unlock(&lock);
    }
    return arg != NULL;
}

int main(void)
{
    thrd_t a, b;
    mtx_init(&lock, mtx_plain);
    thrd_create(&a, adder, NULL);
    thrd_create(&b, adder, NULL);
    thrd_join(a, NULL);
    thrd_join(b, NULL);
    printf("%ld\n", counter);
    mtx_destroy(&lock);
    return 0;
}
