/* Two threads that both burn CPU at the same time, but only inside a
 * library: each thread's start routine is libc's strfry itself, shuffling
 * an 8 MiB string of its own (a random draw and a swap a byte: some 40 ms
 * a thread). They run side by side, yet neither ever runs one instruction of
 * the program's own code: as a libomp worker's start-up under TSan, or a
 * thread that only waits in libc. A hold in a library is put off, and one
 * made there at last witnesses nothing, nor does a partner never seen in
 * the program's code: no witness, in every run.
 *
 * (A loop in the program around a long library call is not this: the
 * observer, retrying, can stop a thread in the loop's few instructions, and
 * the threads do work side by side. An earlier version of this program was
 * that, and witnessed in one run in ten. strfry, not strlen: strlen reads
 * at memory speed, and a string long enough to keep it busy took the
 * program most of a second to write. glibc's strfry shares one random
 * state between its callers, unlocked: a race inside libc, harmless here,
 * where only the time it takes matters and no detector watches.) */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN ((size_t)8 << 20)

int main(void)
{
    pthread_t t[2];
    char *s[2];
    /* char *strfry(char *) called as void *(*)(void *): one pointer in and
     * one out, as the calling convention has it. */
    void *(*start)(void *) = (void *(*)(void *))(void (*)(void))strfry;
    for (int i = 0; i < 2; i++) {
        s[i] = malloc(LEN + 1);
        if (!s[i])
            return 1;
        memset(s[i], 'a' + i, LEN);
        s[i][LEN] = '\0';
    }
    for (int i = 0; i < 2; i++)
        if (pthread_create(&t[i], NULL, start, s[i]) != 0)
            return 1;
    int ok = 1;
    for (int i = 0; i < 2; i++) {
        void *out;
        pthread_join(t[i], &out);
        ok &= out == s[i] && strlen(s[i]) == LEN;
        free(s[i]);
    }
    puts(ok ? "done" : "wrong");
    return ok ? 0 : 1;
}
