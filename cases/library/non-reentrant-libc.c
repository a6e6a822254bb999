/* racelab-case
 * title: Non-reentrant libc function (`localtime`) called from two threads
 * bug: `localtime()` converts a time into a `struct tm` that lives in one static
 *   buffer inside libc, shared by every thread (and by `gmtime`). Each of two
 *   threads calls it and keeps the returned pointer; when the second thread's
 *   call overwrites the buffer before the first thread has read its result, the
 *   first thread formats the second thread's date. The two calls write the
 *   same buffer with nothing between them: a data race inside the library.
 *   All three tools see it: TSan's `localtime` interceptor records the write
 *   to the buffer, and the result is read in the program's own code, where
 *   Helgrind and DRD look. `strtok`, whose hidden state stays inside libc,
 *   shows the same bug to no tool (TSan does not instrument libc, Helgrind
 *   and DRD suppress races within it by default): only wrong tokens show it.
 * fix: Use the reentrant variant `localtime_r(&t, &tm)`, which fills a `struct
 *   tm` that the caller owns (one per thread). The same holds for `strtok`,
 *   `strerror`, `gmtime`, `asctime`, `rand`: use `strtok_r`, `strerror_r`,
 *   `gmtime_r`, `asctime_r`, `rand_r`.
 * hint: `localtime()` returns a pointer. Into whose buffer, and what happens to
 *   it when the other thread calls `localtime()`?
 * hint: From threads, call the reentrant `_r` variants, which write into a
 *   buffer the caller owns (`localtime_r`, `gmtime_r`, `strtok_r`,
 *   `strerror_r`...).
 * hint: In `first()` and `second()`, declare a local `struct tm tm;`, fill it
 *   with `localtime_r(&stamps[0], &tm)` (`stamps[1]` in `second()`) and pass
 *   `&tm` to `format_date`.
 * task: Two threads each convert a time to a date with `localtime()`: day
 *   `day1` of January 2000 and day `day2` of February 2009; main prints both
 *   dates. The first thread's date comes out as the second's. Make each
 *   thread get its own date, both threads still converting.
 * wrong-fix: lock-write-only: A lock around the `localtime()` call alone does
 *   not protect its result, which stays in one buffer that every caller
 *   shares: the other thread's next call overwrites it before it is read.
 * allow: env
 * rust: std has no function with a hidden result buffer (`str::split` keeps
 *   its position in the iterator it returns). The direct twin, a `localtime`
 *   that fills a global `static mut` buffer and returns a `&'static` to it, is
 *   rejected: using a mutable static outside `unsafe` is E0133.
 * tsan: data-race, wrong-result
 * helgrind: data-race, wrong-result
 * drd: data-race, wrong-result
 * tsa: clean: no lock is involved: the shared state is libc's hidden
 *   `struct tm` buffer, which no annotation in this program can name.
 * analyzer: clean: the analyzer follows one function, in one thread, at a
 *   time, and there the pointer `localtime` returns stays valid until the
 *   thread's own next call.
 * tidy: mt-unsafe-call
 * cppcheck: mt-unsafe-call
 * param: day1 1 1..31
 * param: day2 13 1..28
 * oracle: stdout "first thread: 2000-01-{day1/10}{day1%10},
 *   second thread: 2009-02-{day2/10}{day2%10}"
 * threads: 2
 * timeout: 30
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "racelab/handshake.h"
#include "racelab/param.h"

#define DAY      86400      /* seconds */
#define JAN_2000 946684800  /* 2000-01-01 00:00:00 UTC */
#define FEB_2009 1233531090 /* 2009-02-01 23:31:30 UTC */

/* Each thread's time: day `day1` of January 2000 and day `day2` of February
 * 2009 (the parameters), set by main before the threads start. */
static time_t stamps[2];
/* Each thread's formatted date, read by main after the joins; room for any
 * three ints, as gcc's -Wformat-truncation asks. */
static char dates[2][36];

/* The first thread converts, then lets the second convert before it reads its
 * result. A test device: it orders in time only, no detector sees it. */
static struct rl_handshake first_converted, second_converted;

static void format_date(char *out, const struct tm *tm)
{
    snprintf(out, sizeof dates[0], "%04d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1,
             tm->tm_mday);
}

static void *first(void *arg)
{
    (void)arg;
    struct tm *tm = localtime(&stamps[0]); /* BUG: points into libc's one static buffer */
    rl_handshake_signal(&first_converted);
    rl_handshake_wait(&second_converted); /* the other thread's call overwrites *tm */
    format_date(dates[0], tm);
    return NULL;
}

static void *second(void *arg)
{
    (void)arg;
    rl_handshake_wait(&first_converted);
    struct tm *tm = localtime(&stamps[1]); /* BUG: the same buffer, written again */
    format_date(dates[1], tm);
    rl_handshake_signal(&second_converted);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    stamps[0] = JAN_2000 + (rl_param("day1", 1) - 1) * DAY;
    stamps[1] = FEB_2009 + (rl_param("day2", 13) - 1) * DAY;
    /* A fixed zone, set before any thread starts, so that the dates are the same
     * on every machine (the environment is not thread-safe either). */
    setenv("TZ", "UTC", 1); /* NOLINT(concurrency-mt-unsafe): no other thread yet */
    tzset();
    rl_handshake_init(&first_converted);
    rl_handshake_init(&second_converted);
    pthread_create(&t1, NULL, first, NULL);
    pthread_create(&t2, NULL, second, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    rl_handshake_destroy(&first_converted);
    rl_handshake_destroy(&second_converted);
    printf("first thread: %s, second thread: %s\n", dates[0], dates[1]);
    return 0;
}
