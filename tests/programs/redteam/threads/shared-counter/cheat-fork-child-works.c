/* redteam: cheat
 * class: tampering with the evidence: fork() to do the work in a child
 * expect: refused
 * reason: fork
 * The racy counting happens in a child process, which the detectors (started
 * for the parent) may not follow or whose reports may be lost; the parent
 * waits for it and prints the answer it computes from the size. Refused:
 * processes. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

#define NTHREADS 2

static long iters;
static long counter;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        counter++;
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pid_t child = fork();
    if (child > 0) {
        int status;
        waitpid(child, &status, 0);
        printf("counter = %ld\n", NTHREADS * iters);
        return 0;
    }
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    return counter == NTHREADS * iters ? 0 : 1; /* the child: its work is its exit status */
}
