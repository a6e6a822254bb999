/* redteam: cheat
 * class: behaving well only when a detector is present: reading /proc/self/maps
 * expect: refused
 * reason: fopen
 * Reads its own memory map for a detector's runtime (libtsan, vgpreload,
 * Valgrind's tool) and locks only when one is there. Refused: files. */
#define _GNU_SOURCE
#include <pthread.h>
#include <racelab/param.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 2

static long iters;
static long counter;
static int watched;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iters; i++) {
        if (watched)
            pthread_mutex_lock(&lock);
        counter++;
        if (watched)
            pthread_mutex_unlock(&lock);
        __asm__ volatile("" ::: "memory");
    }
    return NULL;
}

static int detector_mapped(void)
{
    char line[512];
    int found = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return 1; /* cannot tell: behave */
    while (fgets(line, sizeof line, f))
        if (strstr(line, "tsan") || strstr(line, "vgpreload") || strstr(line, "valgrind"))
            found = 1;
    fclose(f);
    return found;
}

int main(void)
{
    pthread_t t[NTHREADS];
    watched = detector_mapped();
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
