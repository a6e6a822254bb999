/* Spins for ever on one core: the run's time limit (or the CPU limit) ends it. */
int main(void)
{
    volatile unsigned long spin = 0;
    for (;;)
        spin++;
}
