/* Writes into descriptor 3 (the report channel, when there is one), then
 * closes it and puts another file in its place: the write lands in the
 * channel (it only adds), the close is refused. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    if (write(3, "injected\n", 9) < 0)
        perror("write");
    int fd = open("/dev/null", O_WRONLY);
    dup2(fd, 3);
    close(3);
    puts("closed");
    return 0;
}
