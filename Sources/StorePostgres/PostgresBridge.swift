import Foundation
import Logging
import PostgresNIO
import Store
import Synchronization

/// A pool of PostgreSQL connections (postgres-nio's `PostgresClient`) behind blocking
/// calls: the store's protocols are synchronous, and their callers (a kernel's
/// execution thread, a command) are plain threads. The pool reconnects by itself, so a
/// PostgreSQL restart costs the next call a reconnect, not the session.
///
/// The async work runs on an executor of its own (`QueueTaskExecutor`), not Swift's
/// shared cooperative pool: a caller that blocks while waiting may itself be one of that
/// pool's few threads (a test, an async caller), and blocking it there while the work
/// waits for a free pool thread would never end.
final class PostgresBridge: Sendable {
    let client: PostgresClient
    let settings: PostgresSettings
    private let runner: Task<Void, Never>

    init(settings: PostgresSettings) {
        self.settings = settings
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.user,
            password: settings.password, database: settings.database,
            tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        var logger = Logger(label: "strata-postgres")
        logger.logLevel = .critical
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task.detached(executorPreference: PostgresBridge.executor) { await client.run() }
    }

    deinit { runner.cancel() }

    /// How long a call waits for the database before it is an error.
    static let callTimeout: Double = 60

    /// Opens one connection and closes it: the pool retries a refused login or a dead
    /// host without end, so the first contact is made directly, to fail at once with
    /// the server's words (a wrong password, no such database, nothing listening).
    func checkReachable() throws(StoreError) {
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port,
            username: settings.user, password: settings.password,
            database: settings.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        do {
            let connection = try PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.any(),
                configuration: configuration, id: 0,
                logger: PostgresBridge.quiet
            ).wait()
            try connection.close().wait()
        } catch {
            throw wrap(error)
        }
    }

    /// Runs `body` on the store's executor and waits for its result (at most
    /// `callTimeout`): the one bridge from the blocking store calls to postgres-nio.
    private func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached(executorPreference: PostgresBridge.executor) {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        guard done.wait(timeout: .now() + PostgresBridge.callTimeout) == .success else {
            return .failure(
                StoreError.database(
                    "PostgreSQL at \(settings) did not answer within "
                        + "\(Int(PostgresBridge.callTimeout)) s"))
        }
        return result.withLock { $0 }!
    }

    /// Runs `body` against the pool and waits for it.
    func sync<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) throws(StoreError) -> T {
        let client = self.client
        switch wait({ try await body(client) }) {
        case .success(let value): return value
        case .failure(let error): throw wrap(error)
        }
    }

    /// The rows of one query.
    func rows(_ query: PostgresQuery) throws(StoreError) -> [PostgresRow] {
        try sync { client in try await client.query(query).collect() }
    }

    /// Runs one statement.
    func execute(_ query: PostgresQuery) throws(StoreError) {
        _ = try sync { client in try await client.query(query).collect().count }
    }

    /// Runs `body` in one transaction (committed when it returns, rolled back if it throws).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws(StoreError)
        -> T
    {
        try sync { client in
            var logger = Logger(label: "strata-postgres")
            logger.logLevel = .critical
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// `transaction`, rethrowing the error `body` threw as it is (after the rollback);
    /// the database's own errors are worded as `wrap` words them. For claims, whose
    /// sampler's error must reach the caller unchanged.
    func transactionRethrowing<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws
        -> T
    {
        let client = self.client
        let outcome = wait {
            do {
                return try await client.withTransaction(logger: PostgresBridge.quiet) { try await body($0) }
            } catch let failure as PostgresTransactionError {
                throw failure.closureError ?? failure
            }
        }
        switch outcome {
        case .success(let value): return value
        case .failure(let error as PostgresStore.ClaimFailure):
            switch error {
            case .store(let store): throw store
            case .sampler(let sampler): throw sampler
            }
        case .failure(let error): throw wrap(error)
        }
    }

    /// A database error as the store words it, naming the server (never the password).
    func wrap(_ error: any Error) -> StoreError {
        if let store = error as? StoreError { return store }
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError
                ?? transaction.rollbackError
            {
                return wrap(inner)
            }
            return .database("PostgreSQL at \(settings): the transaction failed")
        }
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                return .database("PostgreSQL at \(settings): \(message)")
            }
            switch psql.code {
            case .connectionError, .unexpectedBackendMessage, .serverClosedConnection, .clientClosedConnection:
                return .database(
                    "cannot reach PostgreSQL at \(settings) (STRATA_STORE): "
                        + (psql.underlying.map { "\($0)" } ?? "\(psql.code)"))
            default:
                return .database("PostgreSQL at \(settings): \(psql.code)")
            }
        }
        return .database("PostgreSQL at \(settings): \(error)")
    }
}

extension PostgresConnection {
    /// A query inside a transaction, with the store's silent logger.
    func run(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await self.query(query, logger: PostgresBridge.quiet)
    }
}

extension PostgresBridge {
    /// postgres-nio logs at a level of its own; the store reports errors itself.
    static let quiet: Logger = {
        var logger = Logger(label: "strata-postgres")
        logger.logLevel = .critical
        return logger
    }()
}

extension PostgresBridge {
    /// Where every store's database work runs.
    static let executor = QueueTaskExecutor(label: "strata-postgres")
}

/// A task executor on a dispatch queue of its own: async work preferring it never needs
/// a thread of the cooperative pool.
final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, attributes: .concurrent)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
