/* redteam: cheat
 * class: tampering with the evidence: _exit smuggled through handshake.h (SYS_close defined as SYS_exit_group)
 * expect: refused
 * reason: refused: 
 * _exit and syscall are refused in a student's lines, but racelab's
 * handshake.h is trusted and calls syscall(SYS_close, fd). Defining SYS_close
 * as SYS_exit_group before including it turns rl_handshake_destroy() into
 * exit_group(0): the process ends at once after printing, skipping
 * ThreadSanitizer's end of run (its closing count and the shim's exit record).
 * The counter is atomic; a plain `started` flag races. Must be refused: a
 * student's macros must not change what a trusted header does. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#undef SYS_close
#define SYS_close SYS_exit_group
#include <racelab/handshake.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static int started; /* the race TSan reports */
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    started = 1;
    for (long i = 0; i < iters; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter) + 0 * started);
    fflush(stdout);
    struct rl_handshake bye = {{0, 0}};
    rl_handshake_destroy(&bye); /* exit_group(0) */
    return 0;
}
