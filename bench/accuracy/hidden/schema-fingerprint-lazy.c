/* schema-fingerprint-lazy.c: a shared schema caches its fingerprint on first use, unlocked.
 *
 * label: bug
 * kind: data-race
 * build: pthread
 * needs: any
 * where: lines 45 and 53: s->fp_valid read and written in schema_fingerprint() by both validators
 * why: schema_fingerprint() tests s->fp_valid and, if clear, computes and stores s->fp and sets
 *   fp_valid with no lock or atomic; both validator threads call it on the same shared schema.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define NFIELDS 6
#define NRECORDS 300

struct field_def {
    const char *name;
    int type;
};

struct schema {
    struct field_def fields[NFIELDS];
    int nfields;
    uint64_t fp;        /* cached fingerprint */
    bool fp_valid;
};

struct record {
    uint64_t schema_fp;
    int values[NFIELDS];
};

struct validator {
    struct schema *schema;
    const struct record *records;
    size_t first, count;
    int accepted, rejected;
};

static uint64_t schema_fingerprint(struct schema *s)
{
    if (!s->fp_valid) {
        uint64_t h = 1469598103934665603ull;
        for (int i = 0; i < s->nfields; i++) {
            for (const char *p = s->fields[i].name; *p; p++)
                h = (h ^ (unsigned char)*p) * 1099511628211ull;
            h = (h ^ (uint64_t)s->fields[i].type) * 1099511628211ull;
        }
        s->fp = h;
        s->fp_valid = true;
    }
    return s->fp;
}

static void *validate_batch(void *arg)
{
    struct validator *v = arg;
    for (size_t i = v->first; i < v->first + v->count; i++) {
        if (v->records[i].schema_fp == schema_fingerprint(v->schema))
            v->accepted++;
        else
            v->rejected++;
    }
    return NULL;
}

static struct schema orders = {
    .fields = { { "id", 1 }, { "customer", 2 }, { "amount", 3 },
                { "currency", 2 }, { "created", 4 }, { "status", 1 } },
    .nfields = NFIELDS,
};
static struct record records[NRECORDS];

int main(void)
{
    /* Records from the producer carry the fingerprint it computed; every 10th is stale. */
    struct schema copy = orders;
    uint64_t fp = schema_fingerprint(&copy);
    for (size_t i = 0; i < NRECORDS; i++) {
        records[i].schema_fp = i % 10 == 9 ? fp ^ 1 : fp;
        for (int j = 0; j < NFIELDS; j++)
            records[i].values[j] = (int)(i * 7 + (size_t)j);
    }

    struct validator v[2] = { { &orders, records, 0, NRECORDS / 2, 0, 0 },
                              { &orders, records, NRECORDS / 2, NRECORDS / 2, 0, 0 } };
    pthread_t thr[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&thr[i], NULL, validate_batch, &v[i]) != 0)
            return 1;
    for (int i = 0; i < 2; i++)
        pthread_join(thr[i], NULL);

    printf("accepted %d, rejected %d\n", v[0].accepted + v[1].accepted,
           v[0].rejected + v[1].rejected);
    return 0;
}
