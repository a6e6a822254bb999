/* Puts another file in place of descriptor 3 (the report channel, when
 * there is one), then closes it: refused at the first of them. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int fd = open("/dev/null", O_WRONLY);
    dup2(fd, 3);
    close(3);
    puts("closed");
    return 0;
}
