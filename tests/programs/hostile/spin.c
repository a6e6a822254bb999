/* spin.c: an endless loop, all CPU.
 *
 * Expected under racelab's sandbox: killed at the CPU time limit (SIGXCPU
 * from RLIMIT_CPU), or at the wall-clock limit when that comes first. */
#define _GNU_SOURCE
int main(void)
{
    volatile unsigned long n = 0;
    for (;;)
        n++;
}
