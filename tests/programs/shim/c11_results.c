/* c11_results.c: what C11 says each <threads.h> call returns, in the cases
 * a program can provoke: a recursive mutex taken three times, thrd_busy and
 * thrd_timedout from a mutex another thread holds, thrd_timedout from a
 * condition wait past its deadline, thrd_sleep, thrd_current, thrd_equal,
 * thrd_yield and thrd_detach. Prints "ok", or the first check that failed
 * (and exits 1). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <threads.h>
#include <time.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("failed: %s\n", #cond);                                                         \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

static mtx_t timed;

static struct timespec past(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    ts.tv_sec -= 1;
    return ts;
}

/* Runs while main holds `timed`. */
static int contender(void *arg)
{
    (void)arg;
    struct timespec deadline = past();
    CHECK(mtx_trylock(&timed) == thrd_busy);
    CHECK(mtx_timedlock(&timed, &deadline) == thrd_timedout);
    return 0;
}

static int nothing(void *arg)
{
    return arg != NULL;
}

int main(void)
{
    mtx_t rec;
    cnd_t cnd;
    thrd_t t, self = thrd_current();
    int res = -1;
    struct timespec deadline = past(), nap = {0, 1000000};

    CHECK(mtx_init(&rec, mtx_plain | mtx_recursive) == thrd_success);
    CHECK(mtx_lock(&rec) == thrd_success);
    CHECK(mtx_lock(&rec) == thrd_success);
    CHECK(mtx_trylock(&rec) == thrd_success);
    for (int i = 0; i < 3; i++)
        CHECK(mtx_unlock(&rec) == thrd_success);

    CHECK(mtx_init(&timed, mtx_timed) == thrd_success);
    CHECK(mtx_lock(&timed) == thrd_success);
    CHECK(thrd_create(&t, contender, NULL) == thrd_success);
    CHECK(thrd_join(t, &res) == thrd_success);
    CHECK(res == 0);
    CHECK(cnd_init(&cnd) == thrd_success);
    CHECK(cnd_timedwait(&cnd, &timed, &deadline) == thrd_timedout);
    CHECK(mtx_unlock(&timed) == thrd_success);

    CHECK(thrd_sleep(&nap, NULL) == 0);
    CHECK(thrd_equal(thrd_current(), self));
    thrd_yield();
    CHECK(thrd_create(&t, nothing, NULL) == thrd_success);
    CHECK(!thrd_equal(t, self));
    CHECK(thrd_detach(t) == thrd_success);

    cnd_destroy(&cnd);
    mtx_destroy(&timed);
    mtx_destroy(&rec);
    puts("ok");
    return 0;
}
