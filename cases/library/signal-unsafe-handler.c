/* racelab-case
 * title: Signal handler that calls `malloc` and `printf` (async-signal-unsafe)
 * bug: SIGUSR1 asks the worker for a progress report, and the handler writes
 *   the report itself: it formats the line into a `malloc`ed buffer, asks
 *   `isatty` whether to end it with `\r`, and `printf`s it. A handler can
 *   interrupt its thread anywhere, also inside `malloc` or `printf`, whose
 *   locks and half-updated lists it would then enter again: a deadlock or a
 *   corrupted heap. Only async-signal-safe functions (`write`, `sem_post`,
 *   setting a `volatile sig_atomic_t`) may be called. The handler also
 *   changes `errno` (isatty fails with ENOTTY when stdout is not a terminal),
 *   which the interrupted code may be about to read. Here the signal arrives
 *   while the worker waits for its next batch, so the run survives: the
 *   danger is in every other instant. (The handler is installed with
 *   `signal()`, which glibc implements as `sigaction()` with `SA_RESTART`,
 *   so it behaves as the twin's `sigaction()` does; clang-tidy's
 *   signal-handler check follows handlers installed this way only. POSIX
 *   leaves `signal()` unspecified in a threaded program.)
 * fix: The handler only sets a `volatile sig_atomic_t` flag (or a lock-free
 *   atomic); the worker checks it between batches and writes the report
 *   outside the handler. Alternatively, block the signal in every thread and
 *   let one thread take it with `sigwait`, where any function may be called.
 *   Install handlers with `sigaction()`.
 * hint: `report_progress` is a signal handler: it can run at any instant of the
 *   worker. What if it interrupts the worker inside `malloc` or `printf`?
 * hint: A signal handler may call only async-signal-safe functions: let it set
 *   a `volatile sig_atomic_t` flag, and let the thread do the real work at a
 *   point of its own choosing.
 * hint: Make the handler only set `report_requested = 1` (a `static volatile
 *   sig_atomic_t`); move the report into a `write_report()` that `worker`
 *   calls, clearing the flag, after each wait for a batch, and install the
 *   handler with `sigaction()` and `SA_RESTART`.
 * task: A worker adds up the numbers 1 to `batches` * `batch`, one batch of
 *   `batch` numbers at a time; halfway, main sends it SIGUSR1 to ask for a
 *   progress report, which the signal handler prints. The output is right, but
 *   the tools report what the handler calls: a signal can arrive at any
 *   instant, also in the middle of those very calls. Make the program safe
 *   whenever the signal arrives, with the report and the sum still printed.
 * rust: std has no signal API; with the `libc` crate, `libc::sigaction` and a
 *   handler that calls `println!` and allocates compile (the `unsafe` block is
 *   for the FFI call, not a check of what the handler does).
 * tsan: signal-unsafe, errno-spoiled
 * helgrind: n/a: Helgrind has no checker for what a signal handler calls: the
 *   handler runs in the thread it interrupts, and it watches only how
 *   different threads share memory and locks.
 * drd: n/a: DRD has no checker for what a signal handler calls: the handler
 *   runs in the thread it interrupts, and it watches only how different
 *   threads share memory and locks.
 * tsa: clean: no lock is involved: what a signal handler may call is not a
 *   locking rule, and the thread-safety analysis knows nothing of signals.
 * analyzer: clean: the analyzer does not model signal delivery: to it
 *   `report_progress` is an ordinary function, which may call `malloc` and
 *   `printf`.
 * tidy: signal-unsafe
 * cppcheck: clean: cppcheck does not know which functions are
 *   async-signal-safe, nor which function is a signal handler.
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
static int batches_done;  /* written by the worker, read by its signal handler */
static sem_t batch_ready; /* main -> worker: one more batch to add */
static sem_t batch_done;  /* worker -> main: the batch is added */

static void report_progress(int sig)
{
    (void)sig;
    /* BUG: malloc, snprintf, isatty and printf are not async-signal-safe, and
     * isatty changes errno when stdout is not a terminal. */
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
    /* glibc's signal() is sigaction() with SA_RESTART: the handler stays
     * installed and the signal is blocked while it runs, as with the twin's
     * sigaction(). POSIX leaves signal() unspecified in a threaded program. */
    signal(SIGUSR1, report_progress);

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
