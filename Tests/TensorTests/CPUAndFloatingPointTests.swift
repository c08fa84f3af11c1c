import Foundation
import Testing

@testable import Tensor

@Suite struct CPUAndFloatingPointTests {
    /// Half the smallest normal Float, computed at run time so nothing folds it.
    static func halfOfSmallestNormal(_ divisor: [Float] = [2]) -> Float {
        Float.leastNormalMagnitude / divisor[0]
    }

    @Test func flushingSubnormalsIsScopedToTheCall() {
        #expect(Self.halfOfSmallestNormal() > 0, "IEEE gradual underflow outside")
        FloatingPointMode.flushingSubnormals {
            #expect(FloatingPointMode.isFlushingSubnormals)
            #expect(Self.halfOfSmallestNormal() == 0)
            // Nested calls restore the outer mode, not the default.
            FloatingPointMode.flushingSubnormals {}
            #expect(FloatingPointMode.isFlushingSubnormals)
        }
        #expect(!FloatingPointMode.isFlushingSubnormals)
        #expect(Self.halfOfSmallestNormal() > 0)
    }

    @Test func chunkWorkersComputeInTheCallersMode() {
        let seen = Tensor(zeros: [SampleChunks.count])
        let out = seen.storage.base
        FloatingPointMode.flushingSubnormals {
            SampleChunks.run(batch: 64) { chunk, _ in
                out[chunk] = Self.halfOfSmallestNormal() == 0 && FloatingPointMode.isFlushingSubnormals ? 1 : 0
            }
        }
        #expect(seen.scalars == Array(repeating: 1, count: SampleChunks.count))
        SampleChunks.run(batch: 64) { chunk, _ in out[chunk] = FloatingPointMode.isFlushingSubnormals ? 1 : 0 }
        #expect(seen.scalars == Array(repeating: 0, count: SampleChunks.count))
    }

    struct CoreCase: Sendable, CustomTestStringConvertible {
        let preset: String?, capabilities: CPUCapabilities, core: String?, source: OpenBLASCoreChoice.Source
        var testDescription: String { "\(preset ?? "nil") \(capabilities) -> \(core ?? "nil")" }
    }

    @Test(arguments: [
        CoreCase(preset: "Haswell", capabilities: .init(avx2FMA: true, avx512: true), core: "Haswell", source: .preset),
        CoreCase(
            preset: "Prescott", capabilities: .init(avx2FMA: false, avx512: false), core: "Prescott", source: .preset),
        CoreCase(preset: nil, capabilities: .init(avx2FMA: true, avx512: true), core: "SkylakeX", source: .cpuFlags),
        CoreCase(preset: "", capabilities: .init(avx2FMA: true, avx512: false), core: "Haswell", source: .cpuFlags),
        CoreCase(preset: nil, capabilities: .init(avx2FMA: false, avx512: false), core: nil, source: .library),
    ])
    func openBLASCoreIsChosenFromFlagsOnlyWhenNoneIsSet(_ c: CoreCase) {
        let choice = OpenBLASCoreChoice.choose(preset: c.preset, capabilities: c.capabilities)
        #expect(choice.coreType == c.core && choice.source == c.source)
    }

    /// The kernel never claims an instruction set Linux does not list for this CPU (the
    /// kernel clears the flags of state it does not enable).
    @Test func capabilitiesAgreeWithTheOperatingSystem() throws {
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let flags = Set(flagsLine.split(separator: ":")[1].split(separator: " ").map(String.init))
        let current = CPUCapabilities.current
        #expect(
            current.avx512 == ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].allSatisfy(flags.contains))
        #expect(current.avx2FMA == ["avx", "avx2", "fma"].allSatisfy(flags.contains))
    }
}
