/// Reply groups collected for one comment in caller-provided storage (a stack buffer), most specific
/// first. Groups whose list has no templates take no part in picking and are not kept.
struct ReplyGroups {
    private let storage: UnsafeMutableBufferPointer<ReplyGroup>
    private let lists: [[CompiledTemplate]]
    /// How many groups are kept.
    private(set) var count = 0
    /// Whether any list was offered, even one without templates (a route with an empty handoff
    /// entry still replaces the general handoff replies).
    private(set) var offered = false

    /// Storage for at most `storage.count` groups over `lists`.
    init(storage: UnsafeMutableBufferPointer<ReplyGroup>, lists: [[CompiledTemplate]]) {
        self.storage = storage
        self.lists = lists
    }

    /// Adds the group of `list` (nothing when nil), with the span `{match}` stands for (-1 for none).
    mutating func add(_ list: Int?, match: Int) {
        guard let list else { return }
        offered = true
        if lists[list].isEmpty { return }
        storage[count] = ReplyGroup(list: list, match: match)
        count += 1
    }

    /// The groups kept, in the order they were added.
    var collected: UnsafeMutableBufferPointer<ReplyGroup> {
        UnsafeMutableBufferPointer(rebasing: storage[..<count])
    }
}
