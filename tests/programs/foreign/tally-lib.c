/* tally-lib.c: a shared library built without -fsanitize=thread, the way a
 * project's own library or a distribution's is. tally_add() has no lock of
 * its own: callers must serialise calls on one tally. tally-user.c does not.
 *
 * Build: clang -g -gdwarf-4 -O1 -fPIC -shared -o libtally.so tally-lib.c */
struct tally {
    long count;
};

void tally_add(struct tally *t, long n)
{
    for (long i = 0; i < n; i++)
        t->count++; /* the race: two threads, one tally, no lock */
}

long tally_count(const struct tally *t)
{
    return t->count;
}
