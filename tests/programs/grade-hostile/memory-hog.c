/* Takes 4 GB, 64 MB at a time, one byte written in every page (a page is
 * taken when first written: the fastest way to grow), so that it passes
 * the 1 GB memory limit within a few seconds even on a slow machine, well
 * before its time limit: the memory limit kills it. The blocks are kept in
 * a global, or the compiler would drop the unused mallocs altogether. */
#include <stddef.h>
#include <stdlib.h>

#define BLOCK ((size_t)64 << 20)

char *blocks[64];

int main(void)
{
    for (int i = 0; i < 64; i++) {
        blocks[i] = malloc(BLOCK);
        if (!blocks[i])
            return 1;
        for (size_t k = 0; k < BLOCK; k += 4096)
            blocks[i][k] = (char)(i + 1);
    }
    return blocks[63][4096] == 64 ? 0 : 2;
}
