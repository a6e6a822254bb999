/* config-snapshot-before-spawn.c: workers get a copy of the config taken before they start.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: main copies g_config fields into each worker_args before pthread_create (lines 83-90);
 *   workers read only their worker_args; config_reload() (line 96) writes g_config only
 * why: main reloads the global config while the workers run, but the workers never touch
 *   g_config: they use the batch size and limits copied into their arguments before creation.
 * tempts: "the compiler may re-read the global instead of the copy" or a name-based view that
 *   sees g_config written while code derived from it runs; the copy is separate memory.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NWORKERS 3
#define NITEMS 3000

struct server_config {
    int batch_size;
    int max_retries;
    long budget;
    char profile[16];
};

struct worker_args {
    int id;
    int batch_size;      /* copied from g_config before the thread starts */
    int max_retries;
    long budget;
    long processed;
    int batches;
};

static struct server_config g_config = { 32, 3, 100000, "default" };

static int process_item(int item, int max_retries)
{
    int attempts = 1;
    while (item % (attempts + 6) == 0 && attempts <= max_retries)
        attempts++;
    return attempts;
}

static void *worker_main(void *arg)
{
    struct worker_args *w = arg;
    long spent = 0;
    for (int start = w->id * w->batch_size; start < NITEMS; start += NWORKERS * w->batch_size) {
        int end = start + w->batch_size;
        for (int item = start; item < end && item < NITEMS; item++) {
            spent += process_item(item, w->max_retries);
            w->processed++;
        }
        w->batches++;
        if (spent > w->budget)
            break;
    }
    return NULL;
}

static void config_reload(struct server_config *cfg, const char *profile)
{
    if (strcmp(profile, "bulk") == 0) {
        cfg->batch_size = 128;
        cfg->max_retries = 1;
        cfg->budget = 500000;
    } else {
        cfg->batch_size = 32;
        cfg->max_retries = 3;
        cfg->budget = 100000;
    }
    snprintf(cfg->profile, sizeof cfg->profile, "%s", profile);
}

int main(void)
{
    struct worker_args args[NWORKERS];
    pthread_t thr[NWORKERS];

    for (int i = 0; i < NWORKERS; i++) {
        args[i] = (struct worker_args){
            .id = i,
            .batch_size = g_config.batch_size,
            .max_retries = g_config.max_retries,
            .budget = g_config.budget,
        };
    }
    for (int i = 0; i < NWORKERS; i++)
        if (pthread_create(&thr[i], NULL, worker_main, &args[i]) != 0)
            return 1;

    /* Operator switched profiles; takes effect for the next generation of workers. */
    config_reload(&g_config, "bulk");

    long total = 0;
    for (int i = 0; i < NWORKERS; i++) {
        pthread_join(thr[i], NULL);
        total += args[i].processed;
    }
    printf("processed %ld items; next generation uses profile %s (batch %d)\n", total,
           g_config.profile, g_config.batch_size);
    return 0;
}
