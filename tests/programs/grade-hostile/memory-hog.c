/* Takes 4 GB, 64 MB at a time, touching every page: the memory limit kills it.
 * The blocks are kept in a global, or the compiler would drop the unused
 * malloc and memset altogether. */
#include <stdlib.h>
#include <string.h>

char *blocks[64];

int main(void)
{
    for (int i = 0; i < 64; i++) {
        blocks[i] = malloc(64u << 20);
        if (!blocks[i])
            return 1;
        memset(blocks[i], i + 1, 64u << 20);
    }
    return blocks[63][12345] == 64 ? 0 : 2;
}
