/* Writes 1 GB to stdout: the output limit (or the time limit) ends it, and
 * the grader keeps only a bounded part of it. */
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char block[1 << 16];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < (1 << 14); i++)
        if (write(1, block, sizeof block) < 0)
            return 1;
    return 0;
}
