/// Per-session objects that builtin modules keep between calls and cells, such as an
/// open experiment store or a cache of loaded datasets. Each is keyed by its type and
/// created on first use, so the session needs no knowledge of the modules.
public final class SessionServices {
    private var objects: [ObjectIdentifier: AnyObject] = [:]

    public init() {}

    /// The session's instance of `T`, created by `make` the first time it is asked for.
    public func get<T: AnyObject, E: Error>(_ type: T.Type, orMake make: () throws(E) -> T) throws(E) -> T {
        if let existing = objects[ObjectIdentifier(type)] as? T { return existing }
        let made = try make()
        objects[ObjectIdentifier(type)] = made
        return made
    }

    /// The session's instance of `T` if one was made.
    public func existing<T: AnyObject>(_ type: T.Type) -> T? {
        objects[ObjectIdentifier(type)] as? T
    }
}
