import Testing

@testable import JupyterConnection

struct ListenerHandOffTests {
    @Test func writesAllFiveInTheKernelsBindingOrder() {
        let handOff = ListenerHandOff([.heartbeat: 7, .control: 6, .stdin: 5, .iopub: 4, .shell: 3])
        #expect(handOff.description == "shell=3,iopub=4,stdin=5,control=6,hb=7")
    }

    @Test(arguments: [
        "shell=3,iopub=4,stdin=5,control=6,hb=7",
        "hb=12,shell=9",
        "control=300",
    ])
    func roundTrips(text: String) throws {
        let parsed = try ListenerHandOff(parsing: text)
        #expect(try ListenerHandOff(parsing: parsed.description) == parsed)
        #expect(parsed.descriptors.count == text.split(separator: ",").count)
    }

    @Test func readsEachChannel() throws {
        let parsed = try ListenerHandOff(parsing: "hb=7,control=6,stdin=5,iopub=4,shell=3")
        #expect(parsed[.shell] == 3)
        #expect(parsed[.iopub] == 4)
        #expect(parsed[.stdin] == 5)
        #expect(parsed[.control] == 6)
        #expect(parsed[.heartbeat] == 7)
        #expect(try ListenerHandOff(parsing: "shell=3")[.iopub] == nil)
    }

    @Test(arguments: [
        ("", ListenerHandOffError.empty),
        ("shell", .malformedEntry("shell")),
        ("shell=3,", .malformedEntry("")),
        ("shell=3,,iopub=4", .malformedEntry("")),
        ("heartbeat=3", .unknownChannel("heartbeat")),
        ("=3", .unknownChannel("")),
        ("Shell=3", .unknownChannel("Shell")),
        ("shell=", .invalidDescriptor("")),
        ("shell=-3", .invalidDescriptor("-3")),
        ("shell=+3", .invalidDescriptor("+3")),
        ("shell=3x", .invalidDescriptor("3x")),
        ("shell=2", .invalidDescriptor("2")),
        ("shell=0", .invalidDescriptor("0")),
        ("shell=99999999999", .invalidDescriptor("99999999999")),
        ("shell=3=4", .invalidDescriptor("3=4")),
        ("shell=3,shell=4", .duplicateChannel(.shell)),
        ("shell=3,hb=3", .duplicateDescriptor(3)),
    ])
    func rejectsMalformedText(text: String, expected: ListenerHandOffError) {
        #expect(throws: expected) { try ListenerHandOff(parsing: text) }
    }

    @Test func errorsSayWhatIsWrong() {
        #expect(ListenerHandOffError.unknownChannel("x").description.contains("\"x\""))
        #expect(ListenerHandOffError.duplicateChannel(.heartbeat).description == "channel hb is listed twice")
    }
}
