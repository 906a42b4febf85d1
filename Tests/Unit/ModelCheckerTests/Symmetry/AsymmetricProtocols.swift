import ProtocolDSL

/// Protocols with three instances of one kind that are NOT interchangeable, each in one way the
/// symmetry analysis must see; and one that is, as the positive control. In each asymmetric one,
/// a reduction that sorted the instances anyway would give a longer shortest counterexample
/// (the test states both lengths).
enum AsymmetricProtocols {
    /// Each cpu moves once. The invariant names cpu[0]: `cpu[0]` finishing breaks it, 1 step.
    /// Sorting would keep the finished cpu last, so the violation would wait for all three: 3 steps.
    static var invariantNamesAnInstance: ProtocolModel {
        ProtocolModel("names-cpu0", summary: "an invariant that names cpu[0]") { _ in
            Process("cpu", instances: 3) {
                Step("go") {}
            }
            Invariant("cpu0_stays") { !Expr.finished(kind: "cpu", instance: 0) }
        }
    }

    /// A watcher raises `seen` once cpu[1] has finished: 2 steps (cpu[1] goes, the watcher fires).
    /// Sorting the cpus would hide cpu[1]'s finishing until two cpus have gone: 3 steps.
    static var stepNamesAnInstance: ProtocolModel {
        ProtocolModel("watches-cpu1", summary: "a step that names cpu[1]") { _ in
            let seen = Global("seen", .bool)
            seen
            Process("cpu", instances: 3) {
                Step("go") {}
            }
            Process("watcher") {
                Step("fire", await: Expr.finished(kind: "cpu", instance: 1)) { seen <- true }
            }
            Invariant("unseen") { !seen }
        }
    }

    /// Each cpu takes steps a and b; cpu[0]'s b raises `seen`: 2 steps. Sorting the cpus would
    /// put the one that moved last, so position 0 would reach b only after all three moved: 4 steps.
    static var readsSelfIndex: ProtocolModel {
        ProtocolModel("self-index", summary: "a step that reads selfIndex") { _ in
            let seen = Global("seen", .bool)
            seen
            Process("cpu", instances: 3) {
                Step("a") {}
                Step("b") {
                    If(selfIndex == 0) { seen <- true }
                }
            }
            Invariant("unseen") { !seen }
        }
    }

    /// Each cpu stores its id (`selfIndex + 1`), then raises `seen` when the id is 1: an id
    /// compared with a constant that is an id, which no renaming keeps: 2 steps (cpu[0]'s a, b).
    /// Renaming the ids with sorted cpus would make id 1 sit with a cpu that has not stored
    /// it until all three have: 4 steps.
    static var idComparedWithAnIDConstant: ProtocolModel {
        ProtocolModel("id-constant", summary: "an id compared with a constant id") { _ in
            let seen = Global("seen", .bool)
            seen
            Process("cpu", instances: 3) {
                let sp = Local("sp", .u8)
                sp
                Step("a") { sp <- selfIndex + 1 }
                Step("b") {
                    If(sp == 1) { seen <- true }
                }
            }
            Invariant("unseen") { !seen }
        }
    }

    /// The positive control: three cpus take a ticket each; the invariant is over all of them
    /// (`forAllPairs`). Two cpus holding the same ticket value breaks it: 2 steps.
    static var interchangeable: ProtocolModel {
        ProtocolModel("interchangeable", summary: "three interchangeable cpus") { _ in
            let next = Global("next", .u8)
            next
            Process("cpu", instances: 3) {
                let mine = Local("mine", .u8, initial: .value(9))
                mine
                Step("read") { mine <- next }
                Step("bump") { next <- next + 1 }
            }
            Invariant("distinct", forAllPairs: "cpu") { a, b in a.local("mine") == 9 || a.local("mine") != b.local("mine") }
        }
    }
}
