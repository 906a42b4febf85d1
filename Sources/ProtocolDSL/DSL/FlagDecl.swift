/// A flag that selects a protocol variant: a Boolean or one of a few named values.
public struct FlagDecl: Sendable {
    /// The flag's name, a contract shared with the CLI, generated tests and KVMMMU.
    public let name: String
    /// The allowed values (`true`/`false` for a Boolean flag).
    public let values: [String]
    /// The value when no preset or `--set` gives one.
    public let defaultValue: String
    /// What the flag means, one line.
    public let help: String

    /// A Boolean flag.
    public static func bool(_ name: String, default value: Bool, _ help: String) -> FlagDecl {
        FlagDecl(name: name, values: ["true", "false"], defaultValue: String(value), help: help)
    }

    /// An enumeration flag.
    public static func choice(_ name: String, _ values: [String], default value: String, _ help: String) -> FlagDecl {
        FlagDecl(name: name, values: values, defaultValue: value, help: help)
    }
}

/// An integer parameter of a model, such as the number of vCPUs.
public struct ParameterDecl: Sendable {
    /// The parameter's name.
    public let name: String
    /// The value when none is given.
    public let defaultValue: Int
    /// The allowed values.
    public let range: ClosedRange<Int>
    /// What it means, one line.
    public let help: String

    /// Creates a parameter.
    public init(_ name: String, default value: Int, range: ClosedRange<Int>, _ help: String) {
        self.name = name
        self.defaultValue = value
        self.range = range
        self.help = help
    }
}

/// What a preset is expected to give; used by tests and benchmarks, never by the checker.
public enum Expectation: String, Sendable {
    /// The invariant holds for all executions.
    case holds
    /// Some execution violates it.
    case violated
}

/// A named set of flag and parameter values.
public struct Preset: Sendable {
    /// The preset's name (`upstream`, `zap-read-lock`, ...).
    public let name: String
    /// Flag and parameter values by name.
    public let values: [String: String]
    /// The documented verdict (architecture.md), for tests.
    public let expected: Expectation
    /// One line: what the preset is.
    public let summary: String
    /// The kernel releases and commits the preset stands for, or why none; nil for a model of no kernel.
    public let kernel: KernelVersion?

    /// Creates a preset; `kernel` names the releases it stands for (KVM models give it for every preset).
    public init(_ name: String, _ values: [String: String], expected: Expectation, kernel: KernelVersion? = nil,
                _ summary: String) {
        self.name = name
        self.values = values
        self.expected = expected
        self.kernel = kernel
        self.summary = summary
    }
}
