/* fork.c: two threads run together; then a forked child starts a thread of
 * its own and exits normally, and system() runs the shell (which the
 * preloaded probe is loaded into too): neither may overwrite the parent's
 * record. The parent then leaves with _exit, skipping the exit handlers, so
 * its record is the one written when its last thread ended. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t under -std=c17 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "work.h"

static pthread_barrier_t barrier;

static void *worker(void *arg)
{
    pthread_barrier_wait(&barrier);
    work_ms(2);
    return arg;
}

int main(void)
{
    pthread_t t[2];
    pthread_barrier_init(&barrier, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_barrier_init(&barrier, NULL, 1);
        pthread_create(&t[0], NULL, worker, NULL);
        pthread_join(t[0], NULL);
        exit(0);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0 || system("exit 0") != 0)
        return 1;
    _exit(0);
}
