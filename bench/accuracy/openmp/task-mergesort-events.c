/* task-mergesort-events.c: sorts detector events by timestamp with a task-parallel merge sort.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: line 70: taskwait after the two child sort tasks, before merge_runs() reads both halves
 * why: each half is sorted by its own task into disjoint ranges of ev[] and tmp[]; the parent
 *   merges only after taskwait, so every write of a child happens before the parent's reads.
 * tempts: a task on another thread writes the half that the parent then reads and overwrites,
 *   and the scratch buffer is shared by all levels of the recursion.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEVENTS 8192
#define CUTOFF 64

struct event {
    uint64_t timestamp;
    uint16_t channel;
    uint16_t adc;
};

static int before(const struct event *a, const struct event *b)
{
    return a->timestamp < b->timestamp ||
           (a->timestamp == b->timestamp && a->channel < b->channel);
}

static void insertion_sort(struct event *ev, int n)
{
    for (int i = 1; i < n; i++) {
        struct event key = ev[i];
        int j = i - 1;
        while (j >= 0 && before(&key, &ev[j])) {
            ev[j + 1] = ev[j];
            j--;
        }
        ev[j + 1] = key;
    }
}

/* Merge ev[0, mid) and ev[mid, n) through tmp[0, n). */
static void merge_runs(struct event *ev, struct event *tmp, int mid, int n)
{
    int i = 0, j = mid, k = 0;
    while (i < mid && j < n)
        tmp[k++] = before(&ev[j], &ev[i]) ? ev[j++] : ev[i++];
    while (i < mid)
        tmp[k++] = ev[i++];
    while (j < n)
        tmp[k++] = ev[j++];
    memcpy(ev, tmp, sizeof(struct event) * (size_t)n);
}

static void sort_events(struct event *ev, struct event *tmp, int n)
{
    if (n <= CUTOFF) {
        insertion_sort(ev, n);
        return;
    }
    int mid = n / 2;
#pragma omp task
    sort_events(ev, tmp, mid);
#pragma omp task
    sort_events(ev + mid, tmp + mid, n - mid);
#pragma omp taskwait
    merge_runs(ev, tmp, mid, n);
}

int main(void)
{
    struct event *ev = malloc(sizeof(struct event) * NEVENTS);
    struct event *tmp = malloc(sizeof(struct event) * NEVENTS);
    if (!ev || !tmp) {
        fprintf(stderr, "out of memory\n");
        free(ev);
        free(tmp);
        return 1;
    }
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < NEVENTS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ev[i] = (struct event){x % 1000000u, (uint16_t)(i % 64), (uint16_t)(x >> 52)};
    }

#pragma omp parallel
#pragma omp single
    sort_events(ev, tmp, NEVENTS);

    int out_of_order = 0;
    for (int i = 1; i < NEVENTS; i++)
        out_of_order += before(&ev[i], &ev[i - 1]);
    printf("sorted %d events, %d out of order, first t=%llu\n", NEVENTS, out_of_order,
           (unsigned long long)ev[0].timestamp);
    free(ev);
    free(tmp);
    return 0;
}
