/* racelab-case
 * title: Signal handler that calls `malloc` and `printf` (async-signal-unsafe)
 * discipline: The handler does the one thing that is safe at any instant: it
 *   sets a `volatile sig_atomic_t` flag (and keeps `errno` intact). The worker
 *   looks at the flag at a point of its own choosing, after each wait for a
 *   batch, and writes the report there with ordinary `malloc` and `printf`.
 *   (A thread that takes the signal with `sigwait` is the other safe design.)
 * rust: std has no signal API; with the `libc` crate the handler only stores
 *   to an `AtomicBool` (lock-free, so async-signal-safe), and the worker
 *   prints the report.
 * tsan: clean
 * helgrind: n/a: Helgrind has no checker for what a signal handler calls, so
 *   it cannot confirm that the handler is safe.
 * drd: n/a: DRD has no checker for what a signal handler calls, so it cannot
 *   confirm that the handler is safe.
 * param: batches 10 5..15
 * param: batch 100 50..150
 * oracle: stdout "progress: {batches/2} of {batches} batches"
 * oracle: stdout "sum = {batches*batch*(batches*batch+1)/2}"
 * threads: 1
 * timeout: 30
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "racelab/param.h"

static int nbatches;      /* batches main hands out: the `batches` parameter */
static int batch_size;    /* numbers in a batch: the `batch` parameter */
static long sum;          /* written by the worker only */
static int batches_done;  /* written and read by the worker only */
static sem_t batch_ready; /* main -> worker: one more batch to add */
static sem_t batch_done;  /* worker -> main: the batch is added */

/* Set by the handler, read and cleared by the worker, the thread the handler
 * interrupts: `volatile sig_atomic_t` is what C guarantees for exactly that. */
static volatile sig_atomic_t report_requested;

static void report_progress(int sig)
{
    (void)sig;
    report_requested = 1; /* FIX: only set a flag; the worker writes the report */
}

/* Runs in the worker, outside any handler: any function may be called here. */
static void write_report(void)
{
    char *line = malloc(64);
    if (!line)
        return;
    snprintf(line, 64, "progress: %d of %d batches", batches_done, nbatches);
    printf("%s%s", line, isatty(STDOUT_FILENO) ? "\r" : "\n");
    free(line);
}

static void *worker(void *arg)
{
    (void)arg;
    for (int b = 0; b < nbatches; b++) {
        /* A handler interrupts the wait with EINTR: wait again. */
        while (sem_wait(&batch_ready) != 0 && errno == EINTR)
            ;
        if (report_requested) {
            report_requested = 0;
            write_report();
        }
        for (int i = 1; i <= batch_size; i++)
            sum += b * batch_size + i;
        batches_done++;
        sem_post(&batch_done);
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    nbatches = (int)rl_param("batches", 10);
    batch_size = (int)rl_param("batch", 100);
    struct sigaction sa = {0};
    sa.sa_handler = report_progress;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    sem_init(&batch_ready, 0, 0);
    sem_init(&batch_done, 0, 0);
    pthread_create(&t, NULL, worker, NULL);
    for (int b = 0; b < nbatches; b++) {
        /* Halfway, ask for a report, as an operator's `kill -USR1` would. The
         * worker is idle, waiting for the next batch, when the signal comes. */
        if (b == nbatches / 2)
            pthread_kill(t, SIGUSR1);
        sem_post(&batch_ready);
        while (sem_wait(&batch_done) != 0 && errno == EINTR)
            ;
    }
    pthread_join(t, NULL);
    sem_destroy(&batch_ready);
    sem_destroy(&batch_done);
    printf("sum = %ld\n", sum);
    return 0;
}
