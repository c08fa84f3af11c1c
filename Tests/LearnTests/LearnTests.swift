import Testing
@testable import Learn
