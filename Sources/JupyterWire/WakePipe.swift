import Glibc

/// A self-pipe that lets any thread wake a channel thread blocked in `zmq_poll`:
/// ZeroMQ polls plain file descriptors alongside sockets.
struct WakePipe: Sendable {
    let readFD: Int32
    let writeFD: Int32

    init() throws(WireError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .system(operation: "pipe", code: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    /// Wakes the poller. A full pipe already means "wake up", so EAGAIN is fine.
    func signal() {
        var byte: UInt8 = 1
        while write(writeFD, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Consumes all pending wake-ups.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readFD, &buffer, buffer.count)
            if count > 0 { continue }
            if count < 0 && errno == EINTR { continue }
            return
        }
    }

    func close() {
        _ = Glibc.close(readFD)
        _ = Glibc.close(writeFD)
    }
}
