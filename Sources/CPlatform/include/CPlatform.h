// What Swift cannot say by itself about the CPU it runs on: CPUID and XGETBV (which
// instruction sets the CPU and the operating system support) and the SSE control
// register MXCSR (flush-to-zero and denormals-are-zero).
// On other architectures the CPU queries report nothing and the mode functions do nothing.
#ifndef STRATA_PLATFORM_H
#define STRATA_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

/// Registers of one CPUID leaf; all false and zero when the leaf does not exist.
typedef struct {
    bool valid;
    uint32_t eax, ebx, ecx, edx;
} strata_cpuid_result;

/// CPUID for `leaf` and `subleaf`, when the CPU has that leaf.
strata_cpuid_result strata_cpuid(uint32_t leaf, uint32_t subleaf);

/// XCR0: the register state the operating system saves on a context switch (bits 1-2
/// SSE and AVX, bits 5-7 the AVX-512 opmask and upper registers); 0 without OSXSAVE.
uint64_t strata_xcr0(void);

/// The SSE control and status register of the calling thread (0 off x86).
uint32_t strata_get_mxcsr(void);

/// Sets the calling thread's MXCSR (no effect off x86).
void strata_set_mxcsr(uint32_t value);

#endif
