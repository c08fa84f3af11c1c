import Dispatch
import Foundation
import Synchronization

/// SIGINT as a flag and an optional callback, instead of process death: the kernel
/// treats it as an interrupt (jupyter_client sends SIGINT before a graceful shutdown),
/// and `strata run` stops the running code the same way.
final class InterruptSignal {
    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    private let flag = Flag()
    private let source: DispatchSourceSignal

    init(onInterrupt: (@Sendable () -> Void)? = nil) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        self.source = source
        source.setEventHandler { [flag] in
            flag.value.store(true, ordering: .releasing)
            onInterrupt?()
        }
        source.resume()
    }

    var isRaised: Bool { flag.value.load(ordering: .acquiring) }

    func reset() { flag.value.store(false, ordering: .releasing) }
}
