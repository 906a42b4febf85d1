/// Which kernels a preset stands for: the releases that shipped its protocol, or none, with why.
///
/// Written once, in the model's file, beside the preset; `mmuspec list` prints it and
/// `docs/kernel-history.md` is checked against it.
public struct KernelVersion: Sendable, Equatable {
    /// The releases whose code the preset follows, oldest first; empty when no kernel shipped it.
    public let releases: [KernelRelease]
    /// For a variant no kernel shipped: the commits it is built from (may be empty).
    public let builtFrom: [String]
    /// For a variant no kernel shipped: what it is instead (`a broken variant: ...`); nil for a release.
    public let noRelease: String?

    /// A preset that stands for `tag`, given that protocol by `commits`.
    public static func release(_ tag: String, _ commits: String...) -> KernelVersion {
        KernelVersion(releases: [KernelRelease(tag, commits: commits)], builtFrom: [], noRelease: nil)
    }

    /// A preset no kernel shipped: `why` says what it is, `commits` what it is built from.
    public static func noRelease(_ why: String, builtFrom commits: String...) -> KernelVersion {
        KernelVersion(releases: [], builtFrom: commits, noRelease: why)
    }

    /// This version, and a later release whose commits leave the preset's protocol as it is.
    public func and(_ tag: String, _ commits: String...) -> KernelVersion {
        KernelVersion(releases: releases + [KernelRelease(tag, commits: commits)], builtFrom: builtFrom,
                      noRelease: noRelease)
    }

    /// Every commit named: those of the releases, or those a variant is built from.
    public var commits: [String] { releases.flatMap(\.commits) + builtFrom }

    /// One line for `mmuspec list`: `v5.15 (5a324c24b638, edb298c663fc); v6.1 (6d3085e4d89a)`, or
    /// `no release (6103bc074048): why`.
    public var description: String {
        if let why = noRelease {
            return builtFrom.isEmpty ? "no release: \(why)" : "no release (\(builtFrom.joined(separator: ", "))): \(why)"
        }
        return releases.map(\.description).joined(separator: "; ")
    }
}
