/* nbody-tree-upward-no-taskwait.c: the upward pass of a Barnes-Hut style tree, one task per child.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: lines 71-72 read ch->mass, ch->mx; the child's task writes them at 74-75 (53-54 at a leaf)
 * why: upward_pass() spawns a task for each child and then combines the children's mass and
 *   moment right away; there is no taskwait between the spawns and the reads, so a child's task
 *   may still be writing its summary while the parent reads it.
 */
#include <stdio.h>
#include <stdlib.h>

#define NBODY 2048
#define LEAF_SIZE 32

struct body {
    double x, m;
};

struct tree_node {
    int first, count; /* range of bodies (sorted by x) under this node */
    struct tree_node *child[2];
    double mass;
    double mx; /* first moment: sum of m * x, centre of mass = mx / mass */
};

static struct body bodies[NBODY];

static struct tree_node *build_tree(int first, int count)
{
    struct tree_node *nd = calloc(1, sizeof *nd);
    if (!nd)
        abort();
    nd->first = first;
    nd->count = count;
    if (count > LEAF_SIZE) {
        int left = count / 2;
        nd->child[0] = build_tree(first, left);
        nd->child[1] = build_tree(first + left, count - left);
    }
    return nd;
}

static void summarise_leaf(struct tree_node *nd)
{
    double m = 0.0, mx = 0.0;
    for (int i = nd->first; i < nd->first + nd->count; i++) {
        m += bodies[i].m;
        mx += bodies[i].m * bodies[i].x;
    }
    nd->mass = m;
    nd->mx = mx;
}

static void upward_pass(struct tree_node *nd)
{
    if (!nd->child[0]) {
        summarise_leaf(nd);
        return;
    }
    for (int k = 0; k < 2; k++) {
        struct tree_node *ch = nd->child[k];
#pragma omp task firstprivate(ch)
        upward_pass(ch);
    }
    double m = 0.0, mx = 0.0;
    for (int k = 0; k < 2; k++) {
        const struct tree_node *ch = nd->child[k];
        m += ch->mass;
        mx += ch->mx;
    }
    nd->mass = m;
    nd->mx = mx;
}

static void free_tree(struct tree_node *nd)
{
    if (!nd)
        return;
    free_tree(nd->child[0]);
    free_tree(nd->child[1]);
    free(nd);
}

int main(void)
{
    for (int i = 0; i < NBODY; i++) {
        bodies[i].x = (double)i / NBODY;
        bodies[i].m = 1.0 + (i % 7) * 0.125;
    }
    struct tree_node *root = build_tree(0, NBODY);

#pragma omp parallel
#pragma omp single
    upward_pass(root);

    double total = 0.0;
    for (int i = 0; i < NBODY; i++)
        total += bodies[i].m;
    printf("root mass %.3f (bodies sum %.3f), centre %.4f\n", root->mass, total,
           root->mass > 0 ? root->mx / root->mass : 0.0);
    free_tree(root);
    return 0;
}
