import XCTest

/// Bad input to query, explain and export: one clear line on stderr naming the problem, exit 2, no trap.
final class QueryBadInputTests: XCTestCase {
    static let zap = ["query", "apic-access-zap", "--reach"]

    /// Arguments, and a fragment the one line must contain.
    static let cases: [([String], String)] = [
        (zap + ["(vcpu[0]@fault.map"], "column 19: expected ')' to close the '(' at column 1"),
        (zap + ["vcpu[0]@fault.map)"], "column 18: expected an operator or the end, found ')'"),
        (zap + ["no_such_var == 1"], "column 1: unknown variable 'no_such_var'; valid: apicv_active"),
        (zap + ["vcpu[0]@fault.nope"], "column 9: unknown label 'fault.nope' of 'vcpu'; valid: fault.snapshot_seq"),
        (zap + ["vcpu[0]@"], "column 9: expected a label of 'vcpu' or 'done'"),
        (zap + ["vcpu[5]@fault.map"], "column 6: unknown instance vcpu[5]; 'vcpu' has 1 instance(s)"),
        (zap + ["vcpu[0].nope == 1"], "column 9: unknown local 'nope' of 'vcpu'; valid: mmu_seq"),
        (zap + ["mmu_notifier_seq && true"], "type mismatch: the expression: the left operand of && is u64, not bool"),
        (zap + ["mmu_notifier_seq"], "type mismatch: the expression is u64, not bool"),
        (zap + ["vcpu[0].result == \"bogus\""], "'bogus' is not a case of pf_result"),
        (zap + ["vcpu[0].result == bogus"],
         "column 19: 'bogus' is not a case of pf_result (the type of vcpu[0].result); valid: none, fixed, emulate, retry"),
        (zap + [String(repeating: "(", count: 20_000) + "true" + String(repeating: ")", count: 20_000)],
         "column 257: the expression nests deeper than 256 levels"),
        (zap + [String(repeating: "!", count: 50_000) + "true"], "column 257: the expression nests deeper than 256 levels"),
        (["query", "notifier-invalidate", "--reach", "host_pfn[9] == 1"],
         "column 10: index 9 is outside the bounds of host_pfn, 0...1"),
        (["query", "notifier-invalidate", "--reach", "host_pfn[-1] == 1"],
         "column 10: index -1 is outside the bounds of host_pfn, 0...1"),
        (["query", "notifier-invalidate", "--reach", "host_pfn[100] == 1"],
         "column 10: index 100 is outside the bounds of host_pfn, 0...1"),
        (zap + [""], "column 1: expected an expression"),
        (zap + ["inhibit_done && "], "column 17: expected an operand"),
        (zap + ["inhibit_done # 1"], "column 14: unexpected character '#'"),
        (["query", "apic-access-zap", "--reach", "inhibit_done", "--coverage"], "give either --reach EXPR or --coverage, not both"),
        (["query", "apic-access-zap"], "give --reach EXPR or --coverage"),
        (["query", "apic-access-zap", "--coverage", "--format", "yaml"], "The value 'yaml' is invalid for '--format <format>'. Please provide one of 'text' and 'json'."),
        (["query", "apic-access-zap", "--coverage", "--depth", "0"], "--depth must be in 1...1000"),
        (["query", "no-such-model", "--coverage"], "unknown model 'no-such-model'"),
        (["explain", "apic-access-zap", "--variant", "zap-read-lock"],
         "explain needs a variant that holds, but zap-read-lock is violated in 10 steps"),
        (["explain", "apic-access-zap", "--per", "nope"], "--per: model 'apic-access-zap' has no flag 'nope'"),
        (["explain", "apic-access-zap", "--engine", "magic"], "The value 'magic' is invalid for '--engine <engine>'."),
        (["export", "apic-access-zap", "--format", "smt2", "--depth", "0"], "--depth must be in 1...1000"),
        (["export", "apic-access-zap", "--format", "promela", "--variant", "nope"], "has no variant 'nope'"),
        (["export", "apic-access-zap", "--format", "itf"], "The value 'itf' is invalid for '--format <format>'. Please provide one of 'smt2' and 'promela'."),
        (["export", "apic-access-zap", "--format", "yaml"], "Please provide one of 'smt2' and 'promela'."),
        (["export", "apic-access-zap"], "format"),
    ]

    func testEachBadInputGivesOneClearLineAndExitTwo() throws {
        for (args, fragment) in Self.cases {
            try CLIRunner.assertUsageError(args, fragment)
        }
    }

    func testAnErrorLineQuotesALongExpressionOnlyAroundItsColumn() throws {
        let r = try CLIRunner.run(Self.zap + [String(repeating: "!", count: 50_000) + "true"])
        XCTAssertLessThan(r.stderr.utf8.count, 400, r.stderr)
        XCTAssertTrue(r.stderr.contains("... (50004 characters)"), r.stderr)
    }

    func testAParseErrorMarksTheColumnWithACaret() throws {
        let r = try CLIRunner.run(Self.zap + ["vcpu[0]@"])
        XCTAssertTrue(r.stderr.contains("(here: vcpu[0]@^)"), r.stderr)
    }
}
