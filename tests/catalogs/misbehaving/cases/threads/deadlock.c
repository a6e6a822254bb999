/* racelab-case
 * title: Test fixture: a real deadlock
 * bug: Two threads each take one lock and then wait for the other's, after a
 *   barrier that guarantees both hold their first lock: the program never ends.
 *   The header wrongly expects a data race, so the harness must kill the run at
 *   its time limit and report a timeout.
 * fix: Take the locks in one global order.
 * hint: A test of racelab itself, not an exercise. Which lock does each thread take
 *   first?
 * hint: Two threads that take two locks in opposite orders can each wait for the
 *   other for ever; one global lock order prevents it.
 * hint: Make `take` lock `a` before `b` in both threads (and drop the barrier,
 *   which then waits for a thread that cannot come).
 * task: A test of racelab itself, not an exercise: nothing to fix.
 * rust: Rust allows it too.
 * tsan: data-race
 * helgrind: data-race
 * drd: n/a: the test only needs two tools.
 * tsa: clean: a test of racelab itself (how it handles this program), not a lesson.
 * analyzer: clean: a test of racelab itself, not a lesson.
 * tidy: clean: a test of racelab itself, not a lesson.
 * cppcheck: clean: a test of racelab itself, not a lesson.
 * oracle: exit 0
 * threads: 2
 * timeout: 3
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;

static void *take(void *arg)
{
    pthread_mutex_t *first = arg ? &a : &b, *second = arg ? &b : &a;
    pthread_mutex_lock(first);
    pthread_barrier_wait(&both_hold_one);
    pthread_mutex_lock(second); /* never returns: the other thread holds it */
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_barrier_init(&both_hold_one, NULL, 2);
    pthread_create(&t1, NULL, take, &a);
    pthread_create(&t2, NULL, take, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    puts("unreachable");
    return 0;
}
