import ProtocolDSL

/// Protocols whose shared state counts a family's members, for the invisible engine's counters.
enum CountingModels {
    /// Readers enter by bumping `readers` and leave by dropping it; the writer starts only at
    /// `readers == 0`. Safe at every size, but only an invariant that knows `readers` is the
    /// number of readers inside says so: a projection from 2 readers never sees 3.
    static var readerCount: ProtocolModel {
        ProtocolModel("reader-count", summary: "readers counted in a shared variable, one writer",
                      parameters: [ParameterDecl("readers", default: 2, range: 1...16, "readers")]) { cfg in
            let readers = Global("readers", .u8)
            let writing = Global("writing", .bool)
            readers
            writing
            Process("reader", instances: cfg.param("readers")) {
                Step("enter", await: !writing) { readers <- readers + 1 }
                Step("read") {}
                Step("exit") {
                    readers <- readers - 1
                    Goto("enter")
                }
            }
            Process("writer") {
                Step("start", await: readers == 0 && !writing) { writing <- true }
                Step("finish") {
                    writing <- false
                    Goto("start")
                }
            }
            Invariant("no_reader_while_writing", forAll: "reader") { r in
                writing ==> !(r.at("read") || r.at("exit"))
            }
        }
    }
}
