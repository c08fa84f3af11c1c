#include "CPlatform.h"


#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <xmmintrin.h>

strata_cpuid_result strata_cpuid(uint32_t leaf, uint32_t subleaf) {
    strata_cpuid_result r = {false, 0, 0, 0, 0};
    // __get_cpuid_count checks the highest leaf of the leaf's range first.
    unsigned a, b, c, d;
    if (__get_cpuid_count(leaf, subleaf, &a, &b, &c, &d)) {
        r.valid = true;
        r.eax = a; r.ebx = b; r.ecx = c; r.edx = d;
    }
    return r;
}

uint64_t strata_xcr0(void) {
    strata_cpuid_result one = strata_cpuid(1, 0);
    // XGETBV faults unless the OS has enabled XSAVE (CPUID.1:ECX bit 27, OSXSAVE).
    if (!one.valid || !(one.ecx & (1u << 27))) return 0;
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

uint32_t strata_get_mxcsr(void) { return _mm_getcsr(); }

void strata_set_mxcsr(uint32_t value) { _mm_setcsr(value); }

#else

strata_cpuid_result strata_cpuid(uint32_t leaf, uint32_t subleaf) {
    (void)leaf; (void)subleaf;
    strata_cpuid_result r = {false, 0, 0, 0, 0};
    return r;
}

uint64_t strata_xcr0(void) { return 0; }

uint32_t strata_get_mxcsr(void) { return 0; }

void strata_set_mxcsr(uint32_t value) { (void)value; }

#endif
