/* redteam: cheat
 * class: behaving well only when a detector is present: where malloc's memory lies (no name to refuse)
 * expect: refused
 * reason: refused: 
 * known: a test for a detector by its addresses passes (docs/classroom.md, Addresses as a detector test)
 * ThreadSanitizer's allocator hands out heap at 0x7b..., Valgrind's low in the
 * address space, glibc's next to the program (0x55..., 0x56...). The program
 * asks malloc once: under a detector it adds its private count to the counter
 * with an atomic, natively with a plain, racy `+=` (a race whose window is one
 * instruction: the answer is right almost every time). The same source, the
 * same preprocessed text under every tool, no forbidden name: the program
 * judged is not the program that runs. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdatomic.h>

#define NTHREADS 2

static long iters;
static long counter;
static atomic_long counted;
static int watched; /* a detector runs us */
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    long mine = 0;
    for (long i = 0; i < iters; i++) {
        mine++;
        __asm__ volatile("" ::: "memory");
    }
    if (watched)
        atomic_fetch_add(&counted, mine);
    else
        counter += mine; /* BUG kept: unsynchronised, natively only */
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    void *probe = malloc(64);
    uintptr_t top = (uintptr_t)probe >> 40;
    watched = !(top == 0x55 || top == 0x56);
    free(probe);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", counter + atomic_load(&counted));
    return 0;
}
