/// Finds an option given twice where it takes one value: ArgumentParser keeps the last one
/// silently, so `--variant upstream --variant zap-read-lock` would check only the second.
enum RepeatedOptions {
    /// The options that may be given more than once.
    static let repeatable: Set<String> = ["--set", "--property"]

    /// A usage failure naming the first long option that appears twice, or nil. Arguments after
    /// a lone `--` are positional and not looked at.
    static func check(_ arguments: [String]) -> Failure? {
        var seen: Set<String> = []
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            if repeatable.contains(name) { continue }
            if !seen.insert(name).inserted {
                return Failure.usage("\(name) is given twice; give it once")
            }
        }
        return nil
    }
}
