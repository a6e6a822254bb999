/* Runs another program: refused. */
#include <unistd.h>

int main(void)
{
    char *argv[] = {"/bin/true", NULL};
    char *envp[] = {"TSAN_OPTIONS=report_bugs=0", NULL};
    execve("/bin/true", argv, envp);
    return 3;
}
