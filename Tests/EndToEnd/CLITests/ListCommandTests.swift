import XCTest

/// `mmuspec list` names, under each preset of a KVM model, the kernel it stands for.
final class ListCommandTests: XCTestCase {
    /// The lines of `list` under the header `model:`, up to the next model.
    func section(_ model: String, of list: String) -> [String] {
        let lines = list.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("\(model): ") }) else { return [] }
        return Array(lines[(start + 1)...].prefix { $0.hasPrefix(" ") })
    }

    func testEveryKVMPresetLineIsFollowedByItsKernelAndTheExampleHasNone() throws {
        let list = try CLIRunner.run(["list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        for model in ["apic-access-zap", "notifier-invalidate", "tdp-shared-fault"] {
            let lines = section(model, of: list.stdout)
            let presets = lines.indices.filter { lines[$0].hasPrefix("    ")
                && (lines[$0].contains(" [holds]: ") || lines[$0].contains(" [violated]: ")) }
            XCTAssertGreaterThanOrEqual(presets.count, 3, "\(model): \(lines)")
            for i in presets {
                XCTAssertTrue(i + 1 < lines.count && lines[i + 1].hasPrefix("      kernel: "),
                              "\(model): no kernel line after `\(lines[i])`")
            }
        }
        XCTAssertFalse(section("seqlock", of: list.stdout).contains { $0.contains("kernel:") },
                       "seqlock is no kernel's model")
    }

    func testTheKernelLineNamesReleasesWithTheirCommitsOrSaysNoRelease() throws {
        let out = try CLIRunner.run(["list"]).stdout
        XCTAssertTrue(out.contains("    upstream [holds]: the TDP MMU: zap under the write lock (5a324c24b638), notifier "
                                   + "bumped over (0, ~0) (6d3085e4d89a)\n      kernel: v6.1 (6d3085e4d89a)\n"), out)
        XCTAssertTrue(out.contains("    v5.15-legacy [violated]: the legacy MMU in v5.15: the rmap zap yields between levels, "
                                   + "the gfn range misses the hva\n      kernel: v5.15 (5a324c24b638, edb298c663fc)\n"), out)
        XCTAssertTrue(out.contains("\n      kernel: no release (edb298c663fc): a broken variant: the bump without "
                                   + "the write lock\n"), out)
        XCTAssertTrue(out.contains("    no-retry-check [violated]: the fault never calls mmu_notifier_retry_hva\n"
                                   + "      kernel: no release: a broken variant\n"), out)
    }
}
