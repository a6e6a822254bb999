/* c11_exit.c: a C11 thread's result reaches thrd_join, whether the thread
 * ends with thrd_exit (from a function it called) or returns, negative
 * values included. Prints "exited 7, returned -3". */
#include <stdio.h>
#include <threads.h>

static _Noreturn void finish(int code)
{
    thrd_exit(code);
}

static int exits(void *arg)
{
    (void)arg;
    finish(7);
}

static int returns(void *arg)
{
    (void)arg;
    return -3;
}

int main(void)
{
    thrd_t a, b;
    int exited = 0, returned = 0;
    if (thrd_create(&a, exits, NULL) != thrd_success ||
        thrd_create(&b, returns, NULL) != thrd_success)
        return 1;
    if (thrd_join(a, &exited) != thrd_success || thrd_join(b, &returned) != thrd_success)
        return 1;
    printf("exited %d, returned %d\n", exited, returned);
    return 0;
}
