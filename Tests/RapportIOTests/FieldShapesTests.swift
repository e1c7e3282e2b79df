import Testing
import Rapport
@testable import RapportIO

/// A worker decodes record after record with one ``RecordDecoder/Scratch``, whose ``FieldShapes`` keep
/// the dictionaries of the field sets seen: each record must decode as it does afresh.
@Suite struct FieldShapesTests {
    @Test func recordsDecodedWithOneScratchDecodeAsFreshOnes() throws {
        let decoder = try RecordDecoder(shape: .json(idFromIndex: false), mapping: FieldMapping(), keepFields: ["likes"])
            .demanding(RecordDecodingTests.demand)
        let records = [
            #"{"id":"a","author":{"name":"iris","followers":65},"platform":"helpdesk","likes":8,"text":"one"}"#,
            #"{"id":"b","author":{"name":"hugo","followers":154},"platform":"youtube","likes":1,"text":"two"}"#,
            #"{"id":"c","author":{"name":"kemi"},"platform":"x","text":"no followers"}"#,
            #"{"id":"d","user":{"screen_name":"@ana","followers_count":20000},"text":"the follower alias"}"#,
            #"{"id":"e","user":{"screen_name":"@bo","followers_count":3},"text":"the alias again"}"#,
            #"{"id":"f","author":"plain","likes":null,"text":"a null"}"#,
            #"{"id":"g","text":"no fields"}"#,
            #"{"id":"h","author":{"name":"zoe","followers":"12,500"},"platform":"helpdesk","likes":2,"text":"text count"}"#,
            #"{"id":"i","platform":true,"likes":2.5,"text":"other kinds"}"#,
        ]
        var scratch = RecordDecoder.Scratch()
        for round in 0..<3 {
            for (index, record) in records.enumerated() {
                let bytes = Array(record.utf8)
                let fresh = decoder.decode(RawRecord(bytes: bytes, line: index + 1, index: index))
                let reused = bytes.withUnsafeBufferPointer {
                    decoder.decodeJSON($0, line: index + 1, position: index + 1, scratch: &scratch)
                }
                switch (fresh, reused) {
                case (.success(let a), .success(let b)):
                    #expect(a.comment == b.comment, "round \(round): \(record)")
                    #expect(a.kept == b.kept, "round \(round): \(record)")
                default:
                    Issue.record("round \(round): \(fresh) against \(reused) for \(record)")
                }
            }
        }
        #expect(scratch.shapes.shapes.count >= 5)
    }
}
