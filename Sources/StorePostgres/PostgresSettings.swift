import Foundation

/// Where a team store's metadata lives: `STRATA_STORE=postgres://user[:password]@host[:port]/db`
/// (or `--store`), the password also from `PGPASSWORD` or `~/.pgpass` as libpq reads them.
/// Its text form never shows the password.
public struct PostgresSettings: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// Whether `text` names a PostgreSQL store rather than a folder.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// - Throws: `PostgresSettingsError` naming the setting (`STRATA_STORE`) and what is wrong.
    public init(url text: String, environment: [String: String], home: String? = nil) throws(PostgresSettingsError) {
        guard PostgresSettings.isURL(text), let components = URLComponents(string: text) else {
            throw PostgresSettingsError("is not a postgres://user[:password]@host[:port]/database URL")
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresSettingsError("names no host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresSettingsError("names no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw PostgresSettingsError("names no database") }
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.database = database
        password =
            components.password.map { $0.removingPercentEncoding ?? $0 }
            ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            ?? PostgresSettings.passFile(environment: environment, home: home).flatMap {
                PostgresSettings.password(
                    inPassFile: $0, host: host, port: components.port ?? 5432, database: database,
                    user: self.user)
            }
    }

    /// `postgres://user@host:port/db`, without the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func passFile(environment: [String: String], home: String?) -> String? {
        if let path = environment["PGPASSFILE"], !path.isEmpty { return path }
        guard let home = home ?? environment["HOME"] else { return nil }
        return home + "/.pgpass"
    }

    /// The password `~/.pgpass` gives for these fields (`host:port:db:user:password`,
    /// `*` matching anything, `\:` and `\\` escaped), as libpq reads it.
    static func password(inPassFile path: String, host: String, port: Int, database: String, user: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            var fields: [String] = []
            var field = ""
            var escaped = false
            for character in line {
                if escaped {
                    field.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 4 {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}

/// A `STRATA_STORE` PostgreSQL URL that does not work, with why (never the password).
public struct PostgresSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "STRATA_STORE: the PostgreSQL URL \(reason)" }
}
