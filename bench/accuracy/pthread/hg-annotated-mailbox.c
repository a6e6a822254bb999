/* hg-annotated-mailbox.c: a one-slot mailbox on C11 acquire/release, annotated for Helgrind.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 41-43 and 52-53 (producer side), 62-64 and 69-70 (consumer side): every
 *   hand-over is a release store of box.state paired with an acquire load that sees it;
 *   ANNOTATE_HAPPENS_BEFORE/AFTER on &box.state tell Helgrind about the same edges, and line
 *   79 exempts the atomic flag itself from its checks
 * why: the producer writes the message only while the slot is EMPTY and the consumer reads it
 *   only while it is FULL; each state change publishes the preceding accesses to the other side.
 * tempts: plain message fields written and read by two threads with no lock; the Valgrind
 *   annotations are invisible to TSan, and without them Valgrind does not model the atomics.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <valgrind/helgrind.h>

#define NMESSAGES 400

enum { SLOT_EMPTY, SLOT_FULL, SLOT_CLOSED };

struct message {
    unsigned seq;
    int opcode;
    char payload[32];
};

static struct {
    atomic_int state;
    struct message msg; /* owned by the producer while EMPTY, by the consumer while FULL */
} box;

static void wait_for(int want)
{
    while (atomic_load_explicit(&box.state, memory_order_acquire) != want)
        sched_yield();
    ANNOTATE_HAPPENS_AFTER(&box.state);
}

static void deliver(unsigned seq, int opcode, const char *text)
{
    wait_for(SLOT_EMPTY);
    box.msg.seq = seq;
    box.msg.opcode = opcode;
    snprintf(box.msg.payload, sizeof box.msg.payload, "%s", text);
    ANNOTATE_HAPPENS_BEFORE(&box.state);
    atomic_store_explicit(&box.state, SLOT_FULL, memory_order_release);
}

static void *consumer_main(void *arg)
{
    (void)arg;
    unsigned long digest = 0;
    for (;;) {
        int s;
        while ((s = atomic_load_explicit(&box.state, memory_order_acquire)) == SLOT_EMPTY)
            sched_yield();
        ANNOTATE_HAPPENS_AFTER(&box.state);
        if (s == SLOT_CLOSED)
            break;
        digest = digest * 31u + box.msg.seq * 7u + (unsigned)box.msg.opcode;
        digest += strlen(box.msg.payload);
        ANNOTATE_HAPPENS_BEFORE(&box.state);
        atomic_store_explicit(&box.state, SLOT_EMPTY, memory_order_release);
    }
    return (void *)digest;
}

int main(void)
{
    atomic_init(&box.state, SLOT_EMPTY);
    /* box.state is only ever accessed atomically; Helgrind cannot tell, so do not check it */
    VALGRIND_HG_DISABLE_CHECKING(&box.state, sizeof box.state);
    pthread_t consumer;
    if (pthread_create(&consumer, NULL, consumer_main, NULL) != 0)
        return 1;

    char text[32];
    for (unsigned i = 0; i < NMESSAGES; i++) {
        snprintf(text, sizeof text, "set key%u", i % 17);
        deliver(i, (int)(i % 5), text);
    }
    wait_for(SLOT_EMPTY);
    ANNOTATE_HAPPENS_BEFORE(&box.state);
    atomic_store_explicit(&box.state, SLOT_CLOSED, memory_order_release);

    void *digest;
    pthread_join(consumer, &digest);
    printf("%d messages delivered, digest %lx\n", NMESSAGES, (unsigned long)digest & 0xffffffu);
    return 0;
}
