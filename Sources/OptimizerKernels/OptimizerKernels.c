#include "OptimizerKernels.h"
#include <math.h>

#if defined(__x86_64__) && defined(__clang__)
// One copy per instruction set, chosen by the dynamic loader (an ifunc): wider
// vectors where the CPU has them, and a baseline copy that runs anywhere.
#define STRATA_VERSIONS __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define STRATA_VERSIONS
#endif

STRATA_VERSIONS
void strata_adam_update(float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                        size_t n, float decay, float l2, float b1, float b2, float step_size,
                        float correction2, float eps) {
    const float one_minus_b1 = 1.0f - b1, one_minus_b2 = 1.0f - b2;
    for (size_t j = 0; j < n; j++) {
        float w = p[j] * decay;
        float d = g[j] + l2 * w;
        float mj = b1 * m[j] + one_minus_b1 * d;
        float vj = b2 * v[j] + one_minus_b2 * d * d;
        m[j] = mj;
        v[j] = vj;
        p[j] = w - step_size * mj / (sqrtf(vj) / correction2 + eps);
    }
}

STRATA_VERSIONS
void strata_sgd_update(float *restrict p, const float *restrict g, float *restrict b, size_t n,
                       float lr, float wd, float mu, int nesterov, int first) {
    if (b == NULL) {
        for (size_t j = 0; j < n; j++) p[j] -= lr * (g[j] + wd * p[j]);
        return;
    }
    // Four loops rather than branches inside one, so each vectorises without blends.
    if (first && nesterov) {
        for (size_t j = 0; j < n; j++) { float d = g[j] + wd * p[j]; b[j] = d; p[j] -= lr * (d + mu * d); }
    } else if (first) {
        for (size_t j = 0; j < n; j++) { float d = g[j] + wd * p[j]; b[j] = d; p[j] -= lr * d; }
    } else if (nesterov) {
        for (size_t j = 0; j < n; j++) {
            float d = g[j] + wd * p[j];
            float s = mu * b[j] + d;
            b[j] = s;
            p[j] -= lr * (d + mu * s);
        }
    } else {
        for (size_t j = 0; j < n; j++) {
            float d = g[j] + wd * p[j];
            float s = mu * b[j] + d;
            b[j] = s;
            p[j] -= lr * s;
        }
    }
}
