import Foundation
import Testing

@testable import JupyterWire

struct ConnectionInfoTests {
    static let sample = """
        {"shell_port": 50001, "iopub_port": 50002, "stdin_port": 50003, "control_port": 50004,
         "hb_port": 50005, "ip": "127.0.0.1", "key": "a0436f6c-1916-498b-8eb9-e81ab9368e84",
         "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "strata"}
        """

    @Test func decodesAJupyterConnectionFile() throws {
        let info = try ConnectionInfo(json: Data(Self.sample.utf8))
        #expect(
            info
                == ConnectionInfo(
                    shellPort: 50001, iopubPort: 50002, stdinPort: 50003, controlPort: 50004,
                    hbPort: 50005, key: "a0436f6c-1916-498b-8eb9-e81ab9368e84",
                    kernelName: "strata"))
        #expect(info.endpoint(.shell) == "tcp://127.0.0.1:50001")
        #expect(info.endpoint(.heartbeat) == "tcp://127.0.0.1:50005")
        #expect(info.port(.control) == 50004)
    }

    @Test func endpointsForOtherTransports() {
        var info = ConnectionInfo(shellPort: 0, iopubPort: 1, stdinPort: 2, controlPort: 3, hbPort: 4, key: "")
        #expect(info.endpoint(.shell) == "tcp://127.0.0.1:*")
        info.ip = "::1"
        #expect(info.endpoint(.iopub) == "tcp://[::1]:1")
        info.transport = "ipc"
        info.ip = "/tmp/kernel"
        #expect(info.endpoint(.stdin) == "ipc:///tmp/kernel-2")
    }

    @Test func defaultsOptionalFields() throws {
        let json = #"{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"ip":"0.0.0.0"}"#
        let info = try ConnectionInfo(json: Data(json.utf8))
        #expect(info.key == "")
        #expect(info.transport == "tcp")
        #expect(info.signatureScheme == "hmac-sha256")
    }

    @Test func roundTripsThroughItsJSON() throws {
        let info = try ConnectionInfo(json: Data(Self.sample.utf8))
        #expect(try ConnectionInfo(json: info.json.jsonData) == info)
    }

    static func replacing(_ field: String, with value: String?) -> Data {
        var object = try! JSONParser.parse(sample).objectValue!
        object[field] = try! value.map { try JSONParser.parse($0) }
        return JSONValue.object(object).jsonData
    }

    @Test(
        arguments: [
            (Data("{".utf8), ConnectionFileError.badJSON(reason: "unexpected end of JSON text")),
            (Data("[]".utf8), .badJSON(reason: "the top level is not an object")),
            (replacing("hb_port", with: nil), .missingField("hb_port")),
            (replacing("ip", with: nil), .missingField("ip")),
            (
                replacing("shell_port", with: #""5000""#),
                .invalidField("shell_port", reason: "expected a port number from 0 to 65535")
            ),
            (
                replacing("iopub_port", with: "70000"),
                .invalidField("iopub_port", reason: "expected a port number from 0 to 65535")
            ),
            (replacing("key", with: "3"), .invalidField("key", reason: "expected a string")),
            (
                replacing("transport", with: #""udp""#),
                .invalidField("transport", reason: #"expected "tcp" or "ipc", got "udp""#)
            ),
            (replacing("signature_scheme", with: #""hmac-md5""#), .unsupportedSignatureScheme("hmac-md5")),
        ] as [(Data, ConnectionFileError)])
    func rejectsBadFiles(_ json: Data, _ expected: ConnectionFileError) {
        #expect(throws: expected) { try ConnectionInfo(json: json) }
    }

    @Test func loadsFromDiskAndReportsMissingFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-conn-\(UUID()).json").path
        #expect(throws: ConnectionFileError.missingFile(path: path)) { try ConnectionInfo.load(path: path) }
        try Data(Self.sample.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ConnectionInfo.load(path: path).shellPort == 50001)
    }

    @Test func errorsReadWell() {
        #expect(ConnectionFileError.missingField("hb_port").description == #"connection file has no "hb_port" field"#)
        #expect(
            ConnectionFileError.unsupportedSignatureScheme("hmac-md5").description
                == #"unsupported signature scheme "hmac-md5" (only hmac-sha256 is supported)"#)
    }
}
