/* racelab-case
 * title: Two threads push onto one linked list without a lock (lost node)
 * discipline: The list carries its own mutex, and every operation on the list
 *   holds it from the first read of the head to the last write: a push is one
 *   indivisible step for everyone else who takes the lock, so no push can land
 *   between another push's read and write of the head. One lock per container
 *   (not one per call site, not a global one for unrelated data) keeps the
 *   rule checkable: whoever touches `head` holds `lock`.
 * rust: `Arc<Mutex<LinkedList<_>>>`: the list is reachable only through the
 *   guard that `lock()` returns, so an unlocked push does not compile.
 * tsan: clean
 * helgrind: clean
 * drd: clean
 * param: nodes 3 2..100
 * oracle: stdout "nodes in the list: {2*nodes} of {2*nodes}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "racelab/guarded.h"
#include "racelab/handshake.h"
#include "racelab/param.h"

struct node {
    int value;
    struct node *next;
};

/* `head` is guarded by `lock`, but C cannot tell the analysis so: a field's
 * GUARDED_BY cannot name another field of its struct (clang 14 refuses it;
 * clang 19 parses it but misreads every access: docs/toolchains.md), so the
 * analysis checks the lock calls here, not `head`. */
struct list {
    rl_mutex lock;     /* FIX: one lock for the container, held by every operation */
    struct node *head; /* guarded by lock */
};

static int per_producer; /* nodes each producer pushes: the `nodes` parameter */
static struct list jobs = {RL_MUTEX_INITIALIZER, NULL};

/* Kept from the buggy twin: producer A stops in its second push until
 * producer B has pushed all its nodes. A test device: it orders in time only.
 * Here it stops A before A takes the lock: stopping with the lock held would
 * keep B out, and both would wait for ever. */
static struct rl_handshake a_inside_push, b_done;
static _Thread_local bool stop_inside_push;

static void test_pause(void)
{
    if (stop_inside_push) {
        stop_inside_push = false;
        rl_handshake_signal(&a_inside_push);
        rl_handshake_wait(&b_done);
    }
}

static void list_push(struct list *l, struct node *n) EXCLUDES(l->lock)
{
    test_pause();
    rl_mutex_lock(&l->lock); /* FIX: read and write of the head under the lock */
    n->next = l->head;
    l->head = n;
    rl_mutex_unlock(&l->lock);
}

struct producer {
    bool is_a;
    int first_value;
};

static void *produce(void *arg)
{
    const struct producer *p = arg;
    if (!p->is_a)
        rl_handshake_wait(&a_inside_push);
    for (int i = 0; i < per_producer; i++) {
        struct node *n = malloc(sizeof *n);
        if (n == NULL)
            abort();
        n->value = p->first_value + i;
        stop_inside_push = p->is_a && i == 1;
        list_push(&jobs, n);
    }
    if (!p->is_a)
        rl_handshake_signal(&b_done);
    return NULL;
}

int main(void)
{
    static const struct producer producers[2] = {{true, 100}, {false, 200}};
    per_producer = (int)rl_param("nodes", 3);
    rl_handshake_init(&a_inside_push);
    rl_handshake_init(&b_done);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, produce, (void *)&producers[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    rl_handshake_destroy(&a_inside_push);
    rl_handshake_destroy(&b_done);

    /* Both producers are joined: main is alone with the list now. */
    int count = 0;
    while (jobs.head != NULL) {
        struct node *n = jobs.head;
        jobs.head = n->next;
        free(n);
        count++;
    }
    rl_mutex_destroy(&jobs.lock);
    printf("nodes in the list: %d of %d\n", count, 2 * per_producer);
    return 0;
}
