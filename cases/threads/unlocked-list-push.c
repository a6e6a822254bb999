/* racelab-case
 * title: Two threads push onto one linked list without a lock (lost node)
 * bug: Two producers push `nodes` nodes each onto one singly linked list:
 *   `list_push` sets `n->next = l->head` and then `l->head = n`. With no lock
 *   around the two steps, the other producer can push in between; the second
 *   step then overwrites the head it pushed, and every node it pushed meanwhile
 *   is cut off the list (lost, and leaked). Here producer A stops between the
 *   two steps of its second push while producer B pushes all of its nodes: the
 *   list keeps only `nodes` of the 2 * `nodes` nodes.
 * fix: Give the container one lock and hold it across every operation on it
 *   (push, pop, walk), or use a structure built for concurrency (a lock-free
 *   stack with a compare-and-swap loop).
 * hint: `list_push` reads `l->head` and then writes it. What if the other producer
 *   pushes between those two lines?
 * hint: A container shared by threads needs one lock that every operation holds
 *   from its first read to its last write.
 * hint: Add an `rl_mutex lock` field to `struct list` (racelab/guarded.h),
 *   initialised with `RL_MUTEX_INITIALIZER` in `jobs`, and hold it in `list_push`
 *   around both `n->next = l->head` and `l->head = n`; call `test_pause()` before
 *   taking it, since it waits for the other producer's pushes.
 * task: Two producer threads each push `nodes` nodes onto one shared linked
 *   list, and main counts the list afterwards: nodes are missing. Make every
 *   pushed node end up in the list, with both producers still pushing.
 * wrong-fix: lock-write-only: A lock around `l->head = n` alone leaves the read
 *   of the head outside it: the other producer can still push between the
 *   read and the locked write, which then cuts off what it pushed.
 * wrong-fix: lock-per-thread: A lock that only one producer ever takes excludes
 *   nobody: both producers can still be between the read and the write of the
 *   head at once.
 * wrong-fix: volatile: A `volatile` head is still read in one step and written
 *   in another: a push of the other producer between the two is still lost.
 * overlap: lifetime
 * rust: Two threads pushing onto a list shared through `Arc<LinkedList<_>>` is
 *   rejected with E0596 (cannot borrow data in an `Arc` as mutable): an `Arc`
 *   gives only shared references. The idiom is `Arc<Mutex<LinkedList<_>>>`.
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race, wrong-result
 * tsa: clean: the analysis would need `head` declared GUARDED_BY the list's own
 *   lock, and in C a struct field cannot name the lock beside it (clang 14
 *   refuses it; clang 19 parses it but warns on every access, locked or not).
 *   So not even the safe twin can say which data its lock guards.
 * analyzer: clean: the analyzer follows one path through one function; the two
 *   pushes that interleave are in two threads.
 * tidy: clean: no clang-tidy check knows which data a container's users must lock.
 * cppcheck: clean: cppcheck has no model of threads: of concurrency it checks
 *   only POSIX's non-reentrant functions (`--library=posix`) and function-local
 *   statics (the `threadsafety` addon); the list head is a file-scope global.
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

#include "racelab/handshake.h"
#include "racelab/param.h"

struct node {
    int value;
    struct node *next;
};

struct list {
    struct node *head;
};

static int per_producer; /* nodes each producer pushes: the `nodes` parameter */
static struct list jobs; /* one list, shared by both producers */

/* A test device: producer A stops inside its second push, between reading
 * and writing the head, until producer B has pushed all its nodes. It orders
 * in time only, and the detectors see no synchronisation through it. */
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

static void list_push(struct list *l, struct node *n)
{
    n->next = l->head; /* BUG: no lock: the other producer can push after this read... */
    test_pause();
    l->head = n; /* BUG: ...and this write then cuts off what it pushed */
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

    int count = 0;
    while (jobs.head != NULL) {
        struct node *n = jobs.head;
        jobs.head = n->next;
        free(n);
        count++;
    }
    printf("nodes in the list: %d of %d\n", count, 2 * per_producer);
    return 0;
}
