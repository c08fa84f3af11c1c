import CPlatform

/// The vector instruction sets this CPU has and the operating system has enabled.
///
/// An instruction set counts only when both agree: AVX needs the OS to save the YMM
/// registers (XCR0 bits 1-2), AVX-512 the opmask and ZMM registers too (bits 5-7).
/// A hypervisor may pass a CPU's AVX-512 flags through and still not enable the
/// state; code using it would then fault.
public struct CPUCapabilities: Sendable, Hashable {
    /// AVX2 with FMA3 (Haswell and later, Zen and later).
    public var avx2FMA: Bool
    /// AVX-512 F, CD, DQ, BW and VL: the subset OpenBLAS's SkylakeX kernels use.
    public var avx512: Bool

    public init(avx2FMA: Bool, avx512: Bool) {
        self.avx2FMA = avx2FMA
        self.avx512 = avx512
    }

    /// This machine's, read with CPUID and XGETBV (none off x86).
    public static var current: CPUCapabilities {
        let one = strata_cpuid(1, 0), seven = strata_cpuid(7, 0)
        guard one.valid, seven.valid else { return CPUCapabilities(avx2FMA: false, avx512: false) }
        let xcr0 = strata_xcr0()
        func bit(_ register: UInt32, _ index: UInt32) -> Bool { register & (1 << index) != 0 }
        let osAVX = xcr0 & 0x6 == 0x6
        let osAVX512 = xcr0 & 0xE6 == 0xE6
        let avx = bit(one.ecx, 28), fma = bit(one.ecx, 12), avx2 = bit(seven.ebx, 5)
        let avx512 = [16, 17, 28, 30, 31].allSatisfy { bit(seven.ebx, $0) }  // F, DQ, CD, BW, VL
        return CPUCapabilities(avx2FMA: osAVX && avx && fma && avx2, avx512: osAVX512 && avx512 && avx2)
    }
}
