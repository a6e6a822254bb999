/* racelab-case
 * title: Test fixture: a program that floods its output
 * bug: main prints without end while a worker waits to be joined; the harness
 *   must keep only a bounded part of the output and kill the run at its limit.
 * fix: Stop printing.
 * hint: A test of racelab itself, not an exercise. When does main's loop end?
 * hint: A program must finish, and join its worker, within its time limit.
 * hint: Print a bounded number of lines, then `pthread_join(t, NULL)` and return 0.
 * task: A test of racelab itself, not an exercise: nothing to fix.
 * rust: Rust allows it too.
 * tsan: data-race
 * helgrind: n/a: the test only needs one tool.
 * drd: n/a: the test only needs one tool.
 * tsa: clean: a test of racelab itself (how it handles this program), not a lesson.
 * analyzer: clean: a test of racelab itself, not a lesson.
 * tidy: clean: a test of racelab itself, not a lesson.
 * cppcheck: clean: a test of racelab itself, not a lesson.
 * oracle: exit 0
 * threads: 1
 * timeout: 3
 */
#include <pthread.h>
#include <stdio.h>

static void *worker(void *arg)
{
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (;;)
        fputs("flooding the harness with output, line after line after line\n", stdout);
}
