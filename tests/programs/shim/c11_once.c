/* c11_once.c: two C11 threads call call_once with one flag; the init
 * function writes a plain global that both threads then read. Correct:
 * call_once orders the init function before every call's return. Prints
 * "value 42 42, 1 init". */
#include <stdint.h>
#include <stdio.h>
#include <threads.h>

static once_flag flag = ONCE_FLAG_INIT;
static int value, inits;
static int seen[2];

static void init(void)
{
    value = 42;
    inits++;
}

static int reader(void *arg)
{
    call_once(&flag, init);
    seen[(intptr_t)arg] = value;
    return 0;
}

int main(void)
{
    thrd_t t[2];
    for (intptr_t i = 0; i < 2; i++)
        if (thrd_create(&t[i], reader, (void *)i) != thrd_success)
            return 1;
    for (int i = 0; i < 2; i++)
        if (thrd_join(t[i], NULL) != thrd_success)
            return 1;
    printf("value %d %d, %d init\n", seen[0], seen[1], inits);
    return 0;
}
