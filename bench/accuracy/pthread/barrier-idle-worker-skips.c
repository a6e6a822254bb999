/* barrier-idle-worker-skips.c: workers with no rows return before the phase barrier.
 *
 * label: bug
 * kind: deadlock
 * build: pthread
 * needs: any
 * where: lines 51 and 54: workers 6 and 7 get no rows and return at line 51; the other six
 *   wait at line 54 on a barrier sized for all eight workers
 * why: the barrier counts NWORKERS parties but the image has 6 rows, so two workers never
 *   arrive and the six that do wait forever (main waits in pthread_join). THE PROGRAM HANGS
 *   FOREVER on every run; that hang is its behaviour.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

#define NWORKERS 8
#define ROWS 6
#define COLS 512

static float image[ROWS][COLS];
static float row_peak[NWORKERS];
static pthread_barrier_t peaks_known;

struct slice {
    pthread_t tid;
    int id;
    int first_row, nrows;
};

static float shade(int r, int c)
{
    float x = (float)(c - COLS / 2) / COLS;
    float y = (float)(r - ROWS / 2) / ROWS;
    return 1.0f / (0.05f + x * x + y * y);
}

static void *render_main(void *arg)
{
    struct slice *s = arg;
    float peak = 0.0f;
    for (int r = s->first_row; r < s->first_row + s->nrows; r++)
        for (int c = 0; c < COLS; c++) {
            image[r][c] = shade(r, c);
            if (image[r][c] > peak)
                peak = image[r][c];
        }
    row_peak[s->id] = peak;

    if (s->nrows == 0)
        return NULL; /* nothing to normalise */

    /* phase 2: normalise by the global peak */
    int rc = pthread_barrier_wait(&peaks_known);
    if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
        return NULL;
    float global = 0.0f;
    for (int i = 0; i < NWORKERS; i++)
        if (row_peak[i] > global)
            global = row_peak[i];
    for (int r = s->first_row; r < s->first_row + s->nrows; r++)
        for (int c = 0; c < COLS; c++)
            image[r][c] /= global;
    return NULL;
}

int main(void)
{
    static struct slice slices[NWORKERS];
    const int per = (ROWS + NWORKERS - 1) / NWORKERS;
    if (pthread_barrier_init(&peaks_known, NULL, NWORKERS) != 0)
        return 1;
    int started = 0;
    for (; started < NWORKERS; started++) {
        struct slice *s = &slices[started];
        s->id = started;
        s->first_row = started * per < ROWS ? started * per : ROWS;
        s->nrows = s->first_row + per <= ROWS ? per : ROWS - s->first_row;
        if (pthread_create(&s->tid, NULL, render_main, s) != 0)
            break;
    }
    for (int i = 0; i < started; i++)
        pthread_join(slices[i].tid, NULL);
    printf("centre pixel %.3f\n", (double)image[ROWS / 2][COLS / 2]);
    pthread_barrier_destroy(&peaks_known);
    return 0;
}
