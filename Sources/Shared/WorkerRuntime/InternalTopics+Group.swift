import WaitwatchConfig

extension InternalTopics {
    /// The consumer group `run` and `setup` use when none is given.
    public static let defaultGroup = "waitwatch"

    /// The internal topics of consumer group `group`: `waitwatch-<group>-contributions` and
    /// `waitwatch-<group>-state` (issue 16: groups sharing fixed names mixed their national
    /// figures and restored each other's snapshots). A group id may hold any character, a topic
    /// name only `a-z A-Z 0-9 . _ -` (at most 249): a group whose names would not be valid is
    /// refused (``problem(group:)``) rather than mapped, since a mapping could give two groups
    /// the same topics.
    public init(group: String) {
        self.init()
        contributions = "waitwatch-\(group)-contributions"
        state = "waitwatch-\(group)-state"
    }

    /// Why `group` cannot name its internal topics, or nil when it can.
    public static func problem(group: String) -> String? {
        let topics = InternalTopics(group: group)
        guard !group.isEmpty else { return "the group id is empty" }
        let allowed = { (s: Unicode.Scalar) in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "._-".unicodeScalars.contains(s)
        }
        if let bad = group.unicodeScalars.first(where: { !allowed($0) }) {
            return
                "the group id \"\(group)\" names its internal topics (\(topics.contributions)), and a topic name allows only a-z A-Z 0-9 . _ - (not \"\(bad.escaped(asASCII: true))\"); choose a group id of those characters"
        }
        guard TopicNames.isValid(topics.contributions), TopicNames.isValid(topics.state) else {
            return
                "the group id \"\(group.prefix(40))…\" is too long to name its internal topics (a topic name has at most 249 characters: the group id at most \(249 - "waitwatch--contributions".count))"
        }
        return nil
    }
}
