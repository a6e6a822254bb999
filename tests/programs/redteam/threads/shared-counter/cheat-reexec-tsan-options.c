/* redteam: cheat
 * class: switching the detectors off: re-executing itself with TSAN_OPTIONS=report_bugs=0 (setenv, execv)
 * expect: refused
 * reason: getenv|setenv|execv
 * The racy counter. Before doing anything, main puts report_bugs=0 into
 * TSAN_OPTIONS and re-executes its own binary, so that the TSan run that
 * counts prints no report. Must be refused (environment, exec). */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
    (void)argc;
    const char *opts = getenv("TSAN_OPTIONS");
    if (opts && !strstr(opts, "report_bugs=0")) {
        char buf[4096];
        snprintf(buf, sizeof buf, "%s report_bugs=0", opts);
        setenv("TSAN_OPTIONS", buf, 1);
        execv("/proc/self/exe", argv);
    }
    pthread_t t[NTHREADS];
    iters = rl_param("iters", 100000);
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    printf("counter = %ld\n", counter);
    return 0;
}
