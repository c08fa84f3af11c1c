// The optimizers' per-element update loops (Learn's Optimizer calls them), in C so the
// compiler vectorises them whole: Swift's SIMD square root is a call per lane, and it
// cannot vectorise the scalar loop because the four buffers might overlap. Each
// function is compiled for AVX-512, AVX2 and baseline x86-64 and picks one when the
// program loads; contraction into FMA is off, so every version rounds exactly as the
// formula is written and results are the same bits on every CPU.
#ifndef STRATA_OPTIMIZER_KERNELS_H
#define STRATA_OPTIMIZER_KERNELS_H

#include <stddef.h>

/// One Adam or AdamW step over `n` parameters, as PyTorch computes it:
/// w = p * decay; d = g + l2 * w; m = b1 m + (1 - b1) d; v = b2 v + (1 - b2) d d;
/// p = w - step_size * m / (sqrt(v) / correction2 + eps). AdamW passes
/// decay = 1 - lr * wd and l2 = 0, Adam decay = 1 and l2 = wd. The buffers must not overlap.
void strata_adam_update(float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                        size_t n, float decay, float l2, float b1, float b2, float step_size,
                        float correction2, float eps);

/// One SGD step with momentum `mu` over `n` parameters, as PyTorch computes it:
/// d = g + wd p; b = first ? d : mu b + d; p -= lr (nesterov ? d + mu b : b).
/// With `b` NULL (no momentum): p -= lr (g + wd p). The buffers must not overlap.
void strata_sgd_update(float *restrict p, const float *restrict g, float *restrict b, size_t n,
                       float lr, float wd, float mu, int nesterov, int first);

#endif
