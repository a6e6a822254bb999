/* racelab-case
 * title: Test fixture: a worker dereferences NULL
 * bug: The worker writes through a null pointer and the process dies of
 *   SIGSEGV; the harness must report the crash by its signal's name.
 * fix: Do not write through NULL.
 * hint: A test of racelab itself, not an exercise. Where does `target` point when
 *   the worker writes through it?
 * hint: Writing through a null pointer kills the process with SIGSEGV.
 * hint: Point `target` at a real `int` before the worker starts.
 * task: A test of racelab itself, not an exercise: nothing to fix.
 * rust: Safe Rust has no null pointers.
 * tsan: data-race
 * helgrind: data-race
 * drd: n/a: the test only needs two tools.
 * tsa: clean: a test of racelab itself (how it handles this program), not a lesson.
 * analyzer: clean: a test of racelab itself, not a lesson.
 * tidy: clean: a test of racelab itself, not a lesson.
 * cppcheck: clean: a test of racelab itself, not a lesson.
 * oracle: exit 0
 * threads: 1
 * timeout: 30
 */
#include <pthread.h>
#include <stddef.h>

static int *volatile target = NULL;

static void *worker(void *arg)
{
    (void)arg;
    *target = 1; /* SIGSEGV */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    return 0;
}
