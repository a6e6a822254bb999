/* csv-parser-tls-scratch.c: parser threads share code but keep scratch and errors in TLS.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: tl_scratch/tl_used/tl_last_error are _Thread_local (lines 24-26), touched only by the
 *   owning thread in parse_line(); the detached first wave reports through done_lock/done_cv
 * why: every thread runs parse_line() on the same static-looking names, each on its own TLS
 *   copy; the second wave may reuse the first wave's cached stacks and TLS blocks.
 * tempts: one symbol written by every thread with no lock, and TLS memory reused at the same
 *   address by a later thread after a detached thread exits.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 3
#define NLINES 200
#define SCRATCH 256

enum parse_err { PE_OK, PE_EMPTY, PE_TOO_LONG };

static _Thread_local char tl_scratch[SCRATCH];
static _Thread_local size_t tl_used;
static _Thread_local int tl_last_error;

struct parse_job {
    int id;
    int fields;
    int errors;
};

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int done_count;

static int parse_line(const char *line)
{
    size_t len = strlen(line);
    tl_used = 0;
    if (len == 0) {
        tl_last_error = PE_EMPTY;
        return -1;
    }
    if (len >= SCRATCH) {
        tl_last_error = PE_TOO_LONG;
        return -1;
    }
    int fields = 1;
    for (size_t i = 0; i < len; i++) {
        char c = line[i];
        if (c == ',') {
            fields++;
            c = '\0';
        }
        tl_scratch[tl_used++] = c;
    }
    tl_scratch[tl_used] = '\0';
    tl_last_error = PE_OK;
    return fields;
}

static void run_job(struct parse_job *job)
{
    char line[64];
    for (int i = 0; i < NLINES; i++) {
        if (i % 25 == 24)
            line[0] = '\0';
        else
            snprintf(line, sizeof line, "%d,%d,item-%d,%d", job->id, i, i * 7, i % 3);
        int n = parse_line(line);
        if (n < 0 && tl_last_error != PE_OK)
            job->errors++;
        else
            job->fields += n;
    }
}

static void *detached_worker(void *arg)
{
    run_job(arg);
    pthread_mutex_lock(&done_lock);
    done_count++;
    pthread_cond_signal(&done_cv);
    pthread_mutex_unlock(&done_lock);
    return NULL;
}

static void *joined_worker(void *arg)
{
    run_job(arg);
    return NULL;
}

int main(void)
{
    struct parse_job first[NTHREADS], second[NTHREADS];
    pthread_t thr[NTHREADS];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);

    for (int i = 0; i < NTHREADS; i++) {
        first[i] = (struct parse_job){ i, 0, 0 };
        if (pthread_create(&thr[i], &attr, detached_worker, &first[i]) != 0)
            return 1;
    }
    pthread_attr_destroy(&attr);
    pthread_mutex_lock(&done_lock);
    while (done_count < NTHREADS)
        pthread_cond_wait(&done_cv, &done_lock);
    pthread_mutex_unlock(&done_lock);

    for (int i = 0; i < NTHREADS; i++) {
        second[i] = (struct parse_job){ 10 + i, 0, 0 };
        if (pthread_create(&thr[i], NULL, joined_worker, &second[i]) != 0)
            return 1;
    }
    int fields = 0, errors = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(thr[i], NULL);
        fields += first[i].fields + second[i].fields;
        errors += first[i].errors + second[i].errors;
    }
    printf("parsed %d fields, %d bad lines\n", fields, errors);
    return 0;
}
