/* envelope-follower-simd.c: one-pole envelope followers over sensor channels, vectorised.
 *
 * label: bug
 * kind: data-race
 * build: openmp
 * needs: any
 * where: line 46: env[i] written and env[i - 1] read in the same `omp simd` loop (line 44)
 * why: the one-pole smoother is a recurrence (each output needs the previous output), a
 *   loop-carried dependence of distance 1; `omp simd` asserts the iterations may run together in
 *   SIMD lanes, so lane i reads env[i - 1] while lane i - 1 writes it. The channel loop around it
 *   is correctly parallel: channels are independent.
 */
#include <stdio.h>

#define NCHAN 8
#define NSAMP 1024

struct sensor_bank {
    float raw[NCHAN][NSAMP];
    float env[NCHAN][NSAMP];
    float attack; /* smoothing coefficient in (0, 1) */
};

static struct sensor_bank bank = {.attack = 0.05f};

static void acquire(struct sensor_bank *sb)
{
    for (int c = 0; c < NCHAN; c++)
        for (int i = 0; i < NSAMP; i++) {
            int burst = (i / 128 + c) % 3 == 0;
            float v = (float)((i * 37 + c * 11) % 23) / 23.0f;
            sb->raw[c][i] = burst ? v : 0.1f * v;
        }
}

static float rectify(float v)
{
    return v < 0.0f ? -v : v;
}

static void follow_channel(const float *raw, float *env, int n, float a)
{
    env[0] = rectify(raw[0]);
#pragma omp simd
    for (int i = 1; i < n; i++)
        env[i] = env[i - 1] + a * (rectify(raw[i]) - env[i - 1]);
}

static void follow_all(struct sensor_bank *sb)
{
#pragma omp parallel for
    for (int c = 0; c < NCHAN; c++)
        follow_channel(sb->raw[c], sb->env[c], NSAMP, sb->attack);
}

int main(void)
{
    acquire(&bank);
    follow_all(&bank);

    int loud = 0;
    for (int c = 0; c < NCHAN; c++)
        if (bank.env[c][NSAMP - 1] > 0.2f)
            loud++;
    printf("%d of %d channels end loud (env[0][last] = %.4f)\n", loud, NCHAN,
           bank.env[0][NSAMP - 1]);
    return 0;
}
