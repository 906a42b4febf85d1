/// A Linux release and the commits that gave it the protocol a preset models.
public struct KernelRelease: Sendable, Equatable {
    /// The release tag, `v5.15`: the first release that shipped those commits.
    public let tag: String
    /// The commits (12-digit abbreviated ids), in the order they were merged.
    public let commits: [String]

    /// Creates a release entry.
    public init(_ tag: String, commits: [String]) {
        self.tag = tag
        self.commits = commits
    }

    /// `v5.15 (5a324c24b638, edb298c663fc)`.
    public var description: String {
        commits.isEmpty ? tag : "\(tag) (\(commits.joined(separator: ", ")))"
    }
}
