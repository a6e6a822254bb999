/* archer-taskwait-depend.c: correct task dependences that crash Archer.
 *
 * Two tasks ordered by depend(out: x) / depend(in: x), then a taskwait
 * with a dependence (OpenMP 5.0). The program is race-free and prints 2.
 * Archer from LLVM 14 (TSan's OpenMP support) dereferences NULL in
 * __kmpc_omp_wait_deps on the taskwait. Expected under racelab run --tool
 * tsan: a tool error naming Archer (exit 2), never a crash of the program
 * (exit 1). LLVM 19's Archer runs it, and it is clean (exit 0). */
#include <stdio.h>

int main(void)
{
    int x = 0, y = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out : x)
        x = 1;
#pragma omp task depend(in : x) depend(out : y)
        y = x + 1;
#pragma omp taskwait depend(in : y)
        printf("%d\n", y);
    }
    return 0;
}
