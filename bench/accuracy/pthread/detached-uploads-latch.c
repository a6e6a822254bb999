/* detached-uploads-latch.c: detached upload threads report through a countdown latch, never joined.
 *
 * label: clean
 * kind: none
 * build: pthread
 * needs: any
 * where: lines 46-50 and 92-99: each detached uploader writes its own result slot, then counts
 *   the latch down under latch.lock; main reads the slots only after waiting for zero under it
 * why: the latch's mutex orders every uploader's writes before main's reads; after its unlock an
 *   uploader touches nothing shared (its task was freed before), so main may exit while the
 *   detached threads are still returning.
 * tempts: detached threads still alive at exit, never joined, and results read by main with no
 *   pthread_join; a free by a thread other than the allocator.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NUPLOADS 6

struct upload_task {
    int slot;
    char object[40];
    size_t size;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t zero;
    int remaining; /* guarded by lock */
} latch = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

static unsigned long etags[NUPLOADS]; /* slot i written by uploader i before the countdown */

static void *upload_main(void *arg)
{
    struct upload_task *t = arg;
    unsigned long etag = 14695981039346656037ul;
    for (size_t off = 0; off < t->size; off += 64) /* "send" the object in 64-byte parts */
        for (const char *p = t->object; *p != '\0'; p++)
            etag = (etag ^ (unsigned char)*p ^ off) * 1099511628211ul;
    int slot = t->slot;
    free(t);

    etags[slot] = etag;
    pthread_mutex_lock(&latch.lock);
    if (--latch.remaining == 0)
        pthread_cond_broadcast(&latch.zero);
    pthread_mutex_unlock(&latch.lock);
    return NULL;
}

static int start_upload(int slot, size_t size)
{
    struct upload_task *t = malloc(sizeof *t);
    if (t == NULL)
        return -1;
    t->slot = slot;
    t->size = size;
    snprintf(t->object, sizeof t->object, "backups/2024/part-%03d.tar", slot);

    pthread_attr_t attr;
    pthread_t tid;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&tid, &attr, upload_main, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(t);
        return -1;
    }
    return 0;
}

int main(void)
{
    int launched = 0;
    for (int i = 0; i < NUPLOADS; i++) {
        pthread_mutex_lock(&latch.lock);
        latch.remaining++;
        pthread_mutex_unlock(&latch.lock);
        if (start_upload(i, 4096 + 512 * (size_t)i) == 0) {
            launched++;
        } else {
            pthread_mutex_lock(&latch.lock);
            latch.remaining--;
            pthread_mutex_unlock(&latch.lock);
        }
    }

    pthread_mutex_lock(&latch.lock);
    while (latch.remaining > 0)
        pthread_cond_wait(&latch.zero, &latch.lock);
    pthread_mutex_unlock(&latch.lock);

    unsigned long manifest = 0;
    for (int i = 0; i < NUPLOADS; i++)
        manifest ^= etags[i];
    printf("%d uploads finished, manifest %016lx\n", launched, manifest);
    return 0; /* detached uploaders may still be unwinding; they share nothing now */
}
