import Foundation
public import Rapport

/// The team-written sample comments in `fixtures/comments/*.jsonl`, used as the benchmark corpus.
public enum SampleComments {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every comment text of the JSONL fixtures (records that fail to parse are skipped: they are the
    /// deliberately broken ones).
    public static let all: [Comment] = {
        let folder = repositoryRoot.appendingPathComponent("fixtures/comments")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        var comments: [Comment] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                      let text = object["text"] as? String else { continue }
                comments.append(Comment(id: String(comments.count), text: text, author: object["author"] as? String))
            }
        }
        precondition(!comments.isEmpty, "no sample comments found under \(folder.path)")
        return comments
    }()
}
