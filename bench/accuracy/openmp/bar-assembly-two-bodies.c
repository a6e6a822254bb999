/* bar-assembly-two-bodies.c: internal forces of two 1-D finite-element bars, assembled by scatter.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: big-team
 * where: lines 74 and 75: f[n0] -= fe and f[n1] += fe, the node shared by two adjacent elements
 * why: elements scatter into their nodes through the connectivity array; the element loop covers
 *   both bars, and with 2 threads each bar (and all of its nodes) belongs to one thread, but with
 *   3 or more threads a bar is split and the two elements around a chunk boundary update their
 *   shared node's force from two threads without atomics.
 */
#include <stdio.h>
#include <stdlib.h>

#define BODIES 2
#define ELEMS_PER_BODY 1024
#define NELEM (BODIES * ELEMS_PER_BODY)
#define NNODE (BODIES * (ELEMS_PER_BODY + 1))

struct bar_mesh {
    int conn[NELEM][2]; /* global node ids of each element's two ends */
    double x[NNODE];    /* reference coordinates */
    double u[NNODE];    /* displacements */
    double stiffness[NELEM];
};

struct force_vector {
    double f[NNODE];
};

static struct bar_mesh mesh;
static struct force_vector internal;

static void build_mesh(struct bar_mesh *m)
{
    for (int b = 0; b < BODIES; b++) {
        int first_node = b * (ELEMS_PER_BODY + 1);
        for (int k = 0; k <= ELEMS_PER_BODY; k++) {
            m->x[first_node + k] = 10.0 * b + (double)k / ELEMS_PER_BODY;
            /* body 0 is stretched, body 1 compressed, both linearly */
            m->u[first_node + k] = (b == 0 ? 1e-3 : -2e-3) * k / ELEMS_PER_BODY;
        }
        for (int k = 0; k < ELEMS_PER_BODY; k++) {
            int e = b * ELEMS_PER_BODY + k;
            m->conn[e][0] = first_node + k;
            m->conn[e][1] = first_node + k + 1;
            m->stiffness[e] = 200.0 * (1.0 + 0.1 * (k % 3));
        }
    }
}

static double element_length(const struct bar_mesh *m, int e)
{
    return m->x[m->conn[e][1]] - m->x[m->conn[e][0]];
}

/* Axial force of element e from its end displacements (EA / L * elongation). */
static double element_force(const struct bar_mesh *m, int e)
{
    int n0 = m->conn[e][0], n1 = m->conn[e][1];
    return m->stiffness[e] / element_length(m, e) * (m->u[n1] - m->u[n0]);
}

static void assemble_internal_forces(const struct bar_mesh *m, struct force_vector *out)
{
    double *f = out->f;
    for (int n = 0; n < NNODE; n++)
        f[n] = 0.0;
#pragma omp parallel for
    for (int e = 0; e < NELEM; e++) {
        double fe = element_force(m, e);
        int n0 = m->conn[e][0], n1 = m->conn[e][1];
        f[n0] -= fe;
        f[n1] += fe;
    }
}

int main(void)
{
    build_mesh(&mesh);
    assemble_internal_forces(&mesh, &internal);

    /* Interior nodes of a uniformly strained bar should balance only where stiffness
     * does not change; report the end reactions, which must be equal and opposite. */
    for (int b = 0; b < BODIES; b++) {
        int first = b * (ELEMS_PER_BODY + 1), last = first + ELEMS_PER_BODY;
        double net = 0.0;
        for (int n = first; n <= last; n++)
            net += internal.f[n];
        printf("body %d: end forces %.4f / %.4f, net %.2e\n", b, internal.f[first],
               internal.f[last], net);
    }
    return EXIT_SUCCESS;
}
