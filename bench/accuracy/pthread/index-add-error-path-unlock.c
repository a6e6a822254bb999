/* index-add-error-path-unlock.c: an early validation failure jumps to a cleanup that unlocks.
 *
 * label: bug
 * kind: lock-misuse
 * build: pthread
 * needs: any
 * where: lines 48 and 71: `goto out` taken before pthread_mutex_lock(), then the shared exit
 *   path unlocks ix->lock, which this thread does not hold
 * why: index_add() rejects an empty key with `goto out` before taking the lock, but the label
 *   unlocks unconditionally; importer 2's batch has one empty key, so every run unlocks a mutex
 *   the calling thread does not own.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIMPORTERS 4
#define NBUCKETS 64
#define KEY_MAX 32

struct node {
    struct node *next;
    char key[KEY_MAX];
    long value;
};

struct index {
    pthread_mutex_t lock;
    struct node *buckets[NBUCKETS]; /* guarded by lock */
    long entries;                   /* guarded by lock */
};

static unsigned hash_key(const char *k)
{
    unsigned h = 5381;
    while (*k != '\0')
        h = h * 33u + (unsigned char)*k++;
    return h % NBUCKETS;
}

static int index_add(struct index *ix, const char *key, long value)
{
    int rc = -1;
    size_t len = strlen(key);
    if (len == 0 || len >= KEY_MAX)
        goto out;
    struct node *n = malloc(sizeof *n);
    if (n == NULL)
        goto out;
    memcpy(n->key, key, len + 1);
    n->value = value;

    unsigned b = hash_key(key);
    pthread_mutex_lock(&ix->lock);
    for (struct node *it = ix->buckets[b]; it != NULL; it = it->next)
        if (strcmp(it->key, key) == 0) {
            it->value = value; /* replace */
            free(n);
            n = NULL;
            break;
        }
    if (n != NULL) {
        n->next = ix->buckets[b];
        ix->buckets[b] = n;
        ix->entries++;
    }
    rc = 0;
out:
    pthread_mutex_unlock(&ix->lock);
    return rc;
}

static struct index idx = {.lock = PTHREAD_MUTEX_INITIALIZER};

struct importer {
    pthread_t tid;
    int id;
    int rejected;
};

static void *importer_main(void *arg)
{
    struct importer *im = arg;
    char key[KEY_MAX];
    for (int i = 0; i < 40; i++) {
        if (im->id == 2 && i == 0)
            key[0] = '\0'; /* a blank line in this feed */
        else
            snprintf(key, sizeof key, "sku-%d-%03d", im->id, i);
        if (index_add(&idx, key, (long)im->id * 1000 + i) != 0)
            im->rejected++;
    }
    return NULL;
}

int main(void)
{
    static struct importer ims[NIMPORTERS];
    int started = 0;
    for (; started < NIMPORTERS; started++) {
        ims[started].id = started;
        if (pthread_create(&ims[started].tid, NULL, importer_main, &ims[started]) != 0)
            break;
    }
    int rejected = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(ims[i].tid, NULL);
        rejected += ims[i].rejected;
    }
    printf("index holds %ld entries, %d rejected\n", idx.entries, rejected);
    for (int b = 0; b < NBUCKETS; b++)
        while (idx.buckets[b] != NULL) {
            struct node *n = idx.buckets[b];
            idx.buckets[b] = n->next;
            free(n);
        }
    return 0;
}
