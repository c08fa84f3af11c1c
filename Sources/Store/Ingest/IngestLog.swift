/// Where `ingest` keeps the provenance of the files it copies into folders: one record
/// per file of a folder, replaced when the file changes. The local store implements it
/// (table `ingested_files`, Docs/StoreFormat.md); a team store can join by implementing
/// these two calls, since nothing else reads the table.
public protocol IngestLog: AnyObject {
    /// The records of the files ingested into `folder` (an absolute path), in no order.
    func ingestedFiles(in folder: String) throws(StoreError) -> [IngestedFile]

    /// Records `files` as ingested into `folder`, replacing the records of the same
    /// paths, in one transaction; durable when it returns. Call it only once the files
    /// are in place: a record names bytes that exist.
    func recordIngested(_ files: [IngestedFile], in folder: String) throws(StoreError)
}
