import Foundation
import Testing

@testable import StoreS3

/// SigV4 against the vectors AWS publishes: the signature test suite's `get-vanilla`
/// and `get-vanilla-query-order-key-case`, and the S3 documentation's worked examples
/// (GET object with a range, PUT object with an encoded key and a body, GET bucket
/// with a query).
@Suite struct SigV4SignerTests {
    static let suiteCredentials = S3Credentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let s3Credentials = S3Credentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    static func authorization(_ headers: [(String, String)]) -> String {
        headers.first { $0.0 == "Authorization" }!.1
    }

    @Test("get-vanilla and get-vanilla-query-order-key-case")
    func testSuite() {
        let signer = SigV4Signer(
            credentials: SigV4SignerTests.suiteCredentials, region: "us-east-1", service: "service")
        let vanilla = signer.sign(
            method: "GET", path: "/", query: [], headers: [("Host", "example.amazonaws.com")],
            payloadHash: SigV4Signer.emptyPayloadHash, date: SigV4SignerTests.suiteDate)
        #expect(
            SigV4SignerTests.authorization(vanilla) == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
                + "service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(vanilla.contains { $0 == ("x-amz-date", "20150830T123600Z") })
        let ordered = signer.sign(
            method: "GET", path: "/", query: [("Param2", "value2"), ("Param1", "value1")],
            headers: [("Host", "example.amazonaws.com")], payloadHash: SigV4Signer.emptyPayloadHash,
            date: SigV4SignerTests.suiteDate)
        #expect(
            SigV4SignerTests.authorization(ordered).hasSuffix(
                "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
    }

    @Test("the S3 documentation's GET object, PUT object and GET bucket examples")
    func s3Examples() {
        let signer = SigV4Signer(credentials: SigV4SignerTests.s3Credentials, region: "us-east-1")
        let host = ("host", "examplebucket.s3.amazonaws.com")
        let empty = SigV4Signer.emptyPayloadHash
        let get = signer.sign(
            method: "GET", path: "/test.txt", query: [],
            headers: [host, ("Range", "bytes=0-9"), ("x-amz-content-sha256", empty)],
            payloadHash: empty, date: SigV4SignerTests.s3Date)
        #expect(
            SigV4SignerTests.authorization(get) == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/"
                + "us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        let body = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"  // "Welcome to Amazon S3."
        let put = signer.sign(
            method: "PUT", path: SigV4Signer.encodePath("/test$file.text"), query: [],
            headers: [
                host, ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-content-sha256", body),
            ],
            payloadHash: body, date: SigV4SignerTests.s3Date)
        #expect(
            SigV4SignerTests.authorization(put).hasSuffix(
                "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                    + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"))
        let list = signer.sign(
            method: "GET", path: "/", query: [("max-keys", "2"), ("prefix", "J")],
            headers: [host, ("x-amz-content-sha256", empty)], payloadHash: empty,
            date: SigV4SignerTests.s3Date)
        #expect(
            SigV4SignerTests.authorization(list).hasSuffix(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"))
    }

    @Test("keys are percent-encoded as SigV4 asks, slashes kept in paths")
    func encoding() {
        #expect(SigV4Signer.uriEncode("a b+c/d~e", encodeSlash: false) == "a%20b%2Bc/d~e")
        #expect(SigV4Signer.uriEncode("a/b", encodeSlash: true) == "a%2Fb")
        #expect(SigV4Signer.uriEncode("ключ", encodeSlash: true) == "%D0%BA%D0%BB%D1%8E%D1%87")
    }

    @Test("credentials never show their secret")
    func secretHidden() {
        let text = "\(SigV4SignerTests.s3Credentials)"
        #expect(!text.contains("EXAMPLEKEY") && text.contains("AKIAIOSFODNN7EXAMPLE"))
    }

    @Test(
        "settings that do not work are named",
        arguments: [
            ("s3:/bucket", [:], "STRATA_OBJECTS"),
            ("s3://Bad_Bucket/x", [:], "STRATA_OBJECTS"),
            ("s3://bucket/x", ["AWS_ENDPOINT_URL": "ftp://host"], "AWS_ENDPOINT_URL"),
            ("s3://bucket/x", ["AWS_ENDPOINT_URL": "http://"], "AWS_ENDPOINT_URL"),
        ] as [(String, [String: String], String)])
    func configuration(url: String, environment: [String: String], setting: String) {
        #expect(throws: S3ConfigurationError.self) { try S3Location(url: url, environment: environment) }
        do {
            _ = try S3Location(url: url, environment: environment)
        } catch {
            #expect(error.setting == setting)
        }
    }

    @Test("locations: path-style on a custom endpoint, virtual-hosted on AWS")
    func locations() throws {
        let custom = try S3Location(
            url: "s3://strata/team/a", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:8333"])
        #expect(custom.path(of: "objects/x y") == "/strata/team/a/objects/x%20y")
        #expect(custom.hostHeader == "127.0.0.1:8333")
        let aws = try S3Location(url: "s3://strata", environment: ["AWS_REGION": "eu-west-1"])
        #expect(aws.host == "strata.s3.eu-west-1.amazonaws.com" && aws.path(of: "k") == "/k")
    }
}
