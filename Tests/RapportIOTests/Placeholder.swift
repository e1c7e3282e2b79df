import Testing
@testable import RapportIO
