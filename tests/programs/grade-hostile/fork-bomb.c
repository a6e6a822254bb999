/* Forks sleeping children until fork fails (at most 20,000: bounded, so that
 * even without the sandbox it cannot take the machine down). In the sandbox
 * the task limit stops it early; it prints no answer, so the oracle fails,
 * and every child must be gone after the run. */
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

int main(void)
{
    for (int i = 0; i < 20000; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            for (;;)
                pause();
        }
        if (pid < 0)
            break;
    }
    return 1;
}
