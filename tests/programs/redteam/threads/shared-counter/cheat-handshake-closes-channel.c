/* redteam: cheat
 * class: tampering with the evidence: closing fd 3 through racelab's trusted handshake.h (SYS_close)
 * expect: refused
 * reason: report channel
 * racelab's headers are trusted by the scan, and handshake.h closes its pipe
 * with syscall(SYS_close, ...). A real handshake is made, its read end swapped
 * for descriptor 3, and "destroyed": ThreadSanitizer's report channel is
 * closed by a raw system call the student never wrote. Whether 3 is open is
 * asked with a write of 0 bytes (no file function), so that the native run,
 * which has no channel, goes on normally. The counter is atomic (right
 * natively); the race left to go unheard is on a plain `started` flag. The
 * observer's guard must refuse the close. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdatomic.h>
#include <stdio.h>
#include <racelab/handshake.h>

#define NTHREADS 2

static long iters;
static atomic_long counter;
static int started; /* the race TSan would report */
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
    if (write(3, "", 0) == 0) { /* a report channel is there */
        struct rl_handshake h;
        rl_handshake_init(&h);
        h.fd[0] = 3;
        rl_handshake_destroy(&h); /* close(3), by racelab's own hand */
    }
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", atomic_load(&counter) + 0 * started);
    return 0;
}
