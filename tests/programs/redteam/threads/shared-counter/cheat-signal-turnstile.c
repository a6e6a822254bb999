/* redteam: cheat
 * class: serialising the threads: a signal turnstile (sigwait for the other's pthread_kill)
 * expect: fail
 * reason: no longer run at the same time
 * No lock, condition or semaphore: the second thread waits in sigwait() for
 * SIGUSR1, which the first sends it with pthread_kill() once it has counted
 * everything (with an atomic release/acquire flag beside it, since a signal
 * orders no memory for ThreadSanitizer). Signals between threads are allowed;
 * the threads take turns. Must fail. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <signal.h>
#include <stdatomic.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_t second;
static atomic_int handed;
static pthread_barrier_t ready;

static void *worker(void *arg)
{
    int sig;
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_barrier_wait(&ready);
    if (arg)
        while (!atomic_load_explicit(&handed, memory_order_acquire))
            sigwait(&usr1, &sig); /* the first thread's go */
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    if (!arg) {
        atomic_store_explicit(&handed, 1, memory_order_release);
        pthread_kill(second, SIGUSR1);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* inherited: delivered only to sigwait */
    pthread_barrier_init(&ready, NULL, NTHREADS);
    pthread_create(&t[1], NULL, worker, &second);
    second = t[1];
    pthread_create(&t[0], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&ready);
    printf("counter = %ld\n", counter);
    return 0;
}
