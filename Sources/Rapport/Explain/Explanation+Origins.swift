extension Engine {
    /// The origin of rule `index`: the layer and file that define it, and the patches that changed it.
    func origin(ofRule index: Int, item: String) -> Explanation.Origin {
        let rule = pack.rules[index]
        let provenance = pack.provenance
        let patches = provenance.rulePatches[rule.id] ?? []
        return Explanation.Origin(
            item: item, layer: provenance.name(ofLayer: provenance.layer(of: rule.location)), location: rule.location.description,
            patchedAt: patches.map { provenance.describe($0) })
    }

    /// The origin of reply list `list` of ``CompiledReplies``: a rule's replies, a label's default
    /// replies, the handoff replies (of a route) or the caution replies of a route.
    func origin(ofReplyList list: Int) -> Explanation.Origin {
        if list < pack.rules.count { return origin(ofRule: list, item: "replies of rule \(pack.rules[list].id)") }
        let replies = plan.replies
        var key = "handoff"
        if let label = pack.allLabels.first(where: { replies.defaults(for: $0) == list }) {
            key = label.rawValue
        } else if let route = replies.handoffByRoute.first(where: { $0.value == list })?.key {
            key = "handoff.\(route)"
        } else if list == replies.mixed {
            key = "mixed"
        } else if let route = replies.cautionByRoute.first(where: { $0.value == list })?.key {
            key = "caution.\(route)"
        }
        let provenance = pack.provenance
        let location = provenance.replies[key]
        return Explanation.Origin(
            item: "\(key) replies", layer: provenance.name(ofLayer: location.map(provenance.layer(of:)) ?? 0),
            location: location?.description ?? "", patchedAt: [])
    }
}
