/* close-all-fds.c: closes every descriptor it has, then races.
 *
 * Two threads increment one counter with no lock between them, after the
 * program closed descriptors 0 to 1023: stdin, stdout, stderr and any the
 * tool left it. TSan opens its log file when it reports; Valgrind's XML
 * descriptor lies in the range it keeps from its guest.
 *
 * Expected: the race is still reported by every tool (exit 1), and no tool
 * error: a program's own descriptors are not the tools' channels. */
#include <pthread.h>
#include <unistd.h>

static long counter;
static pthread_barrier_t start;

static void *work(void *arg)
{
    pthread_barrier_wait(&start);
    for (int i = 0; i < 1000; i++)
        counter++; /* the race */
    return arg;
}

int main(void)
{
    for (int fd = 0; fd < 1024; fd++)
        close(fd);
    pthread_t t[2];
    pthread_barrier_init(&start, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, work, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return counter > 0 ? 0 : 3;
}
