/// The jobs of a sweep: every combination of the values given for each name, in a fixed order.
struct SweepPlan: Equatable {
    /// One name and the values it takes, in the order given.
    struct Axis: Equatable {
        let name: String
        let values: [String]
    }

    /// One job: a value for every axis, and its 0-based index among all jobs.
    struct Job: Equatable {
        let index: Int
        let settings: [(String, String)]

        static func == (a: Job, b: Job) -> Bool {
            a.index == b.index && a.settings.map(\.0) == b.settings.map(\.0) && a.settings.map(\.1) == b.settings.map(\.1)
        }
    }

    /// The axes, in the order given; the first varies slowest.
    let axes: [Axis]

    /// The largest number of jobs one sweep makes.
    static let maxJobs = 100_000

    /// Parses `--set NAME=V1,V2,...` values and the `--vcpus`/`--invalidators` lists.
    init(sets: [String], lists: [(name: String, values: String?)]) throws {
        var axes: [Axis] = []
        func add(_ name: String, _ list: String, _ what: String) throws {
            let values = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard !name.isEmpty, !values.contains(where: \.isEmpty) else {
                throw Failure.usage("malformed \(what): expected NAME=V1,V2,... with no empty value")
            }
            guard !axes.contains(where: { $0.name == name }) else {
                throw Failure.usage("'\(name)' is swept twice; give its values once")
            }
            guard Set(values).count == values.count else {
                throw Failure.usage("'\(name)' lists a value twice: \(list)")
            }
            axes.append(Axis(name: name, values: values))
        }
        for s in sets {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw Failure.usage("malformed --set '\(s)': expected NAME=V1,V2,...") }
            try add(parts[0], parts[1], "--set '\(s)'")
        }
        for (name, values) in lists {
            if let values { try add(name, values, "--\(name) '\(values)'") }
        }
        self.axes = axes
        var count = 1
        for a in axes {
            let (product, overflow) = count.multipliedReportingOverflow(by: a.values.count)
            guard !overflow, product <= Self.maxJobs else {
                throw Failure.usage("the sweep would run more than \(Self.maxJobs) jobs; sweep fewer values")
            }
            count = product
        }
    }

    /// The number of jobs.
    var count: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// Job `index`: the first axis varies slowest.
    func job(_ index: Int) -> Job {
        var rest = index
        var settings: [(String, String)] = []
        for a in axes.reversed() {
            settings.append((a.name, a.values[rest % a.values.count]))
            rest /= a.values.count
        }
        return Job(index: index, settings: settings.reversed())
    }

    /// The jobs of shard `k` of `n` (1-based): those whose index is k-1 modulo n, in order.
    func jobs(shard: Shard?) -> [Job] {
        (shard?.indices(of: count) ?? Array(0..<count)).map(job)
    }
}
