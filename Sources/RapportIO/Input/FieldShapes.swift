import Rapport

/// The dictionaries of demanded fields a worker has built, one per set of fields present, kept so that
/// the next record with the same fields present copies one and stores its values by index instead of
/// hashing every key into a new dictionary (``ScannedRecord/demandedFields(text:shapes:into:shape:)``).
///
/// A value type kept in the worker's ``RecordDecoder/Scratch``: nothing in it is shared between threads.
struct FieldShapes {
    /// One set of present fields: bit `k` for the plan's flat key `k`, bit 63 for the follower alias.
    struct Shape {
        var present: UInt64
        /// A dictionary with exactly these keys (the values of the record that made it).
        var fields: [String: FieldValue]
        /// Where each present key lies in `fields` (and in its copies): the flat keys in order, then
        /// `author.followers` when the alias is present.
        var slots: [Dictionary<String, FieldValue>.Index]
    }

    /// Most shapes kept; a record of another shape builds its dictionary key by key.
    static let limit = 16
    /// The bit of the follower alias in ``Shape/present``.
    static let followersBit: UInt64 = 1 << 63

    private(set) var shapes: [Shape] = []

    /// The index in ``shapes`` of the shape whose present fields are `present`, if kept.
    func index(of present: UInt64) -> Int? {
        for index in shapes.indices where shapes[index].present == present { return index }
        return nil
    }

    /// Keeps `fields`, whose keys are those of `present`, for later records (while there is room);
    /// `keys` are the present keys in slot order. Returns whether it was kept.
    @discardableResult
    mutating func keep(_ fields: [String: FieldValue], present: UInt64, keys: [String]) -> Bool {
        guard shapes.count < Self.limit else { return false }
        var slots: [Dictionary<String, FieldValue>.Index] = []
        slots.reserveCapacity(keys.count)
        for key in keys {
            guard let index = fields.index(forKey: key) else { return false }
            slots.append(index)
        }
        shapes.append(Shape(present: present, fields: fields, slots: slots))
        return true
    }
}
