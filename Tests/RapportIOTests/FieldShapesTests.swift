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
            #"{"id":"j","author":{"name":"ava","followers":7},"platform":"reddit","likes":3,"text":"the first shape again"}"#,
            #"{"id":"k","author":{"name":"bo","followers":8},"platform":"blog","likes":4,"text":"and again"}"#,
            #"{"id":"l","author":{"name":"cy","followers":9},"platform":"x","likes":5,"text":"three in a row"}"#,
            #"{"id":"m","author":{"name":"dee","followers":1},"platform":"x","likes":{"a":1},"text":"likes an object"}"#,
            #"{"id":"n","author":{"name":"eve","followers":2},"platform":"x","likes":6,"text":"back"}"#,
            #""just a string""#,
            #"{"id":"o","author":{"name":"fay","followers":3},"platform":"x","likes":7,"text":"after a string"}"#,
            #"{"id":"p","author":{"name":"gus","followers":3},"platform":"x","likes":7}"#,
            #"{"id":"q","author":{"name":"hal","followers":4},"platform":"y","likes":8,"text":"after an error"}"#,
        ]
        var scratch = RecordDecoder.Scratch()
        for round in 0..<3 {
            for (index, record) in records.enumerated() {
                let bytes = Array(record.utf8)
                let fresh = decoder.decode(RawRecord(bytes: bytes, line: index + 1, index: index))
                let previous = scratch.record
                let error = bytes.withUnsafeBufferPointer {
                    decoder.decodeJSON($0, line: index + 1, position: index + 1, scratch: &scratch)
                }
                switch fresh {
                case .success(let a) where error == nil:
                    #expect(a.comment == scratch.record.comment, "round \(round): \(record)")
                    #expect(a.kept == scratch.record.kept, "round \(round): \(record)")
                    #expect(a.repaired == scratch.record.repaired, "round \(round): \(record)")
                case .failure(let a) where error != nil:
                    #expect(a == error, "round \(round): \(record)")
                default:
                    Issue.record("round \(round): \(fresh) against \(String(describing: error)) for \(record)")
                }
                // The record decoded before, held elsewhere, is not changed by decoding into its storage.
                if index > 0, case .success(let before) = decoder.decode(RawRecord(bytes: Array(records[index - 1].utf8), line: index, index: index - 1)) {
                    #expect(previous.comment == before.comment, "round \(round): \(records[index - 1])")
                }
            }
        }
        #expect(scratch.shapes.shapes.count >= 5)
    }
}
