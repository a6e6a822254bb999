/* racelab-case
 * title: Non-reentrant libc function (`localtime`) called from two threads
 * discipline: Each thread calls the reentrant `localtime_r(&t, &tm)` with a
 *   `struct tm` of its own, so no result lives in libc's shared static buffer
 *   and no call can overwrite another thread's result. The time zone is set
 *   (`setenv` + `tzset`) before any thread starts, since the environment is
 *   not thread-safe either.
 * rust: conversions return owned values; per-thread state lives in the
 *   iterator or in a `thread_local!`, never in a shared global.
 * tsan: clean
 * helgrind: clean
 * drd: clean
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

/* The same interleaving as the buggy version: the first thread converts, then
 * lets the second convert before it reads its result. */
static struct rl_handshake first_converted, second_converted;

static void format_date(char *out, const struct tm *tm)
{
    snprintf(out, sizeof dates[0], "%04d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1,
             tm->tm_mday);
}

static void *first(void *arg)
{
    (void)arg;
    struct tm tm;
    localtime_r(&stamps[0], &tm); /* FIX: the result goes into this thread's own tm */
    rl_handshake_signal(&first_converted);
    rl_handshake_wait(&second_converted); /* the other thread's call cannot touch tm */
    format_date(dates[0], &tm);
    return NULL;
}

static void *second(void *arg)
{
    (void)arg;
    struct tm tm;
    rl_handshake_wait(&first_converted);
    localtime_r(&stamps[1], &tm); /* FIX: a tm of its own */
    format_date(dates[1], &tm);
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
