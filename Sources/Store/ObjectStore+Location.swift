import Digest
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where an object's bytes are: a whole loose file, or a range of a pack file.
struct ObjectLocation: Sendable, Hashable {
    var path: String
    var offset: Int64
    var length: Int64
    var isPacked: Bool

    /// For error messages: the file, and for a packed object where in it.
    var description: String { isPacked ? "\(path) at byte \(offset)" : path }
}

extension ObjectStore {
    /// Where the object is: its loose file if there is one, else the pack holding it
    /// (listing the packs again before saying it is missing).
    func location(of id: ObjectID) throws(StoreError) -> ObjectLocation {
        let file = path(of: id)
        if let info = FileIO.status(file) {
            return ObjectLocation(path: file, offset: 0, length: Int64(info.st_size), isPacked: false)
        }
        guard let packed = packs.locate(id, refresh: .ifChanged) ?? packs.locate(id, refresh: .always) else {
            throw .objectMissing(id)
        }
        return ObjectLocation(path: packed.pack, offset: packed.offset, length: packed.length, isPacked: true)
    }

    /// Feeds the object's bytes to `body` a `buffer` at a time, then checks that they hash
    /// to `id` (throwing `.objectCorrupt`, naming the object and where it lies, if not).
    /// Returns the object's size.
    /// With `open`, pack files stay open for the next read (a checkout reads thousands
    /// of objects from a few packs).
    @discardableResult
    func stream(
        _ id: ObjectID, buffer: UnsafeMutableRawBufferPointer, open: OpenPacks? = nil,
        _ body: (UnsafeRawBufferPointer) throws(StoreError) -> Void
    ) throws(StoreError) -> Int64 {
        var location = try location(of: id)
        func opened(_ path: String) -> Int32 {
            if let open, location.isPacked { return open.descriptor(path) }
            return Glibc.open(path, O_RDONLY | O_CLOEXEC)
        }
        var fd = opened(location.path)
        if fd < 0, errno == ENOENT, location.isPacked {
            // gc replaced the pack since it was listed: find the object's new place.
            packs.refresh(.always)
            guard let moved = packs.locate(id, refresh: .never) else { throw .objectMissing(id) }
            location = ObjectLocation(path: moved.pack, offset: moved.offset, length: moved.length, isPacked: true)
            fd = opened(location.path)
        }
        guard fd >= 0 else {
            if errno == ENOENT { throw .objectMissing(id) }
            throw .io(action: "open object", path: location.path, reason: FileIO.reason())
        }
        defer { if open == nil || !location.isPacked { close(fd) } }
        var hasher = SHA256Hasher()
        var done: Int64 = 0
        while done < location.length {
            let want = Int(min(Int64(buffer.count), location.length - done))
            let count = try FileIO.readFully(
                fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]),
                at: location.offset + done, path: location.path)
            if count == 0 { break }
            let piece = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(piece)
            try body(piece)
            done += Int64(count)
        }
        let actual = hasher.finalizeHex()
        guard actual == id.hex, done == location.length else {
            throw .objectCorrupt(id, actual: actual, path: location.description)
        }
        return done
    }
}

/// Pack files kept open across reads by one thread; closed when it goes.
final class OpenPacks {
    private var descriptors: [String: Int32] = [:]

    /// The open descriptor of `path`, or -1 with `errno` set.
    func descriptor(_ path: String) -> Int32 {
        if let fd = descriptors[path] { return fd }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { descriptors[path] = fd }
        return fd
    }

    deinit {
        for fd in descriptors.values { close(fd) }
    }
}
