/* forkbomb.c: a fork bomb that stops itself.
 *
 * Every process forks as fast as it can, and every child does the same. A
 * counter shared by all of them (an anonymous shared mapping) ends the bomb
 * after 10,000 fork attempts in all, failed ones included, so that even if
 * the sandbox's process limit failed, the test could not take the machine
 * down. Then every process sleeps 600 s, holding its place: far longer than
 * any test's timeout, so a run that waited for them could not pass for one
 * that killed them, however loaded the machine.
 *
 * Expected under racelab's sandbox: killed at the process limit (RLIMIT_NPROC
 * of a dedicated uid stops the forks, the polled task count kills the run),
 * and no process of the run left once proc_run() returns. */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
    atomic_long *attempts = mmap(NULL, sizeof *attempts, PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (attempts == MAP_FAILED)
        return 2;
    printf("bomb %d\n", (int)getpid());
    fflush(stdout); /* not once per child */
    while (atomic_fetch_add(attempts, 1) < 10000)
        fork(); /* parent and child both go on; a failure is just counted */
    sleep(600);
    return 0;
}
