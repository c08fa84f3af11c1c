// strata-kernel: the kernelspec's launcher. `strata-kernel -f CONNECTION_FILE`
//
// jupyter_client connects to the shell port right after starting the kernel. The
// `strata` binary needs ~10 ms to load its libraries and runtime before it can bind
// that port; a connect that comes first is refused and ZeroMQ retries only after its
// 100 ms reconnect interval. This small binary (Glibc and JupyterConnection only, no
// Foundation) binds the five ports about a millisecond after launch, then execs
// `strata kernel -f FILE --listeners shell=3,...` from its own folder: the kernel takes
// the listening sockets over, and connections made meanwhile wait in their backlog.
// exec keeps the pid, so jupyter_client's signals still reach the kernel.
//
// ArgumentParser is kept out on purpose: its reflection costs ~2 ms of start-up, the
// very thing this binary exists to avoid.
import Glibc
import JupyterConnection

let usage = "usage: strata-kernel -f CONNECTION_FILE (or --connection-file CONNECTION_FILE)"

func fail(_ message: String, status: Int32) -> Never {
    // write(2) rather than the `stderr` FILE*, a global Swift 6 cannot vouch for.
    var line = Array("strata-kernel: \(message)\n".utf8)
    _ = write(2, &line, line.count)
    exit(status)
}

/// The connection file from `-f FILE`, `--connection-file FILE` or `--connection-file=FILE`.
func connectionFile(in arguments: ArraySlice<String>) -> String {
    var file: String?
    var rest = arguments
    while let argument = rest.popFirst() {
        switch argument {
        case "-h", "--help":
            print(usage)
            exit(0)
        case "-f", "--connection-file":
            guard let value = rest.popFirst() else { fail("\(argument) needs a value\n\(usage)", status: 2) }
            file = value
        case _ where argument.hasPrefix("--connection-file="):
            file = String(argument.dropFirst("--connection-file=".count))
        default:
            fail("unexpected argument \"\(argument)\"\n\(usage)", status: 2)
        }
    }
    guard let file else { fail("no connection file\n\(usage)", status: 2) }
    return file
}

/// The `strata` binary beside this one, found through /proc/self/exe (argv[0] may be
/// a bare name or a symlink elsewhere).
func strataPath() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { fail("cannot find my own binary: \(String(cString: strerror(errno)))", status: 1) }
    let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return folder + "/strata"
}

/// Replaces this process with `strata` run with `arguments`; returns only if exec failed.
func exec(_ strata: String, _ arguments: [String]) -> Int32 {
    let argv = ([strata] + arguments).map { strdup($0) } + [nil]
    execv(strata, argv)
    return errno
}

let file = connectionFile(in: CommandLine.arguments.dropFirst())
let strata = strataPath()
var arguments = ["kernel", "-f", file]
var handOff: ListenerHandOff?
do {
    let connection = try ConnectionInfo.load(path: file)
    let listeners = try ListeningSocket.openAll(for: connection)
    handOff = listeners
    arguments += ["--listeners", listeners.description]
} catch {
    // `strata kernel` binds the ports itself and reports any real problem (a bad
    // connection file, a port in use) as it always has; ipc, a port of 0 or a host
    // name are simply not pre-bound.
}
let code = exec(strata, arguments)
if let handOff {
    for descriptor in handOff.descriptors.values { close(descriptor) }
}
fail("cannot run \(strata): \(String(cString: strerror(code)))", status: 1)
