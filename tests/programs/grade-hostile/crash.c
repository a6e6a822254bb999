/* Dies of SIGSEGV: a crash, reported as that submission's failure. */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    volatile int *nowhere = (int *)(long)(argc - 1); /* NULL */
    *nowhere = 42;
    printf("counter = 200000\n");
    return 0;
}
