// MMUBench: fault throughput of the real MMU with 1, 2 and 4 threads, and the cost of the
// schedule points (live but no scheduler installed vs. compiled out), measured in one run.
// Run in release mode: `swift run -c release MMUBench`.
import Foundation
@_spi(Benchmark) import KVMMMU

let blockPages: UInt64 = 512

/// Each thread faults every gfn of its own 512-page block, then zaps the block (mmu_lock for
/// write), and repeats until it has done `faultsPerThread` faults. Returns (seconds, faults, fixed).
func faultWorkload(threads: Int, faultsPerThread: Int, bypass: Bool) -> (seconds: Double, faults: Int, fixed: Int, violations: [String]) {
    let kvm = KVM(KVMConfiguration(vcpus: threads, guestPages: blockPages * UInt64(threads),
                                   physicalFrames: Int(blockPages) * threads + 64))
    let fixedCounts = UnsafeMutableBufferPointer<Int>.allocate(capacity: threads)
    fixedCounts.initialize(repeating: 0)
    defer { fixedCounts.deallocate() }
    let counts = UncheckedBox(fixedCounts)
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for vcpu in 0..<threads {
        group.enter()
        Thread {
            let base = UInt64(vcpu) * blockPages
            var fixed = 0
            var done = 0
            start.wait()
            while done < faultsPerThread {
                for gfn in base..<(base + blockPages) where done < faultsPerThread {
                    let outcome = bypass ? kvm.pageFaultBypassingSchedulePoints(vcpu: vcpu, gfn: gfn)
                                         : kvm.pageFault(vcpu: vcpu, gfn: gfn)
                    if outcome == .fixed { fixed += 1 }
                    done += 1
                }
                if bypass {
                    kvm.zapGFNRangeBypassingSchedulePoints(base..<(base + blockPages))
                } else {
                    kvm.zapGFNRange(base..<(base + blockPages))
                }
            }
            counts.value[vcpu] = fixed
            group.leave()
        }.start()
    }
    let began = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<threads { start.signal() }
    group.wait()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
    let violations = kvm.checkInvariantsLocked() + kvm.events.recordedViolations.map(\.description)
    return (seconds, threads * faultsPerThread, counts.value.reduce(0, +), violations)
}

final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

print("MMUBench (release build expected; \(ProcessInfo.processInfo.activeProcessorCount) cores)")
print("")
print("Fault throughput (fault every gfn of a 512-page block, zap the block, repeat; upstream flags)")
print(pad("threads", 9) + pad("faults", 11) + pad("seconds", 10) + pad("faults/s", 14) + pad("fixed", 11) + pad("retry", 10) + "violations")
var totalFaults = 0
var totalViolations = 0
for threads in [1, 2, 4] {
    let run = faultWorkload(threads: threads, faultsPerThread: 1_200_000 / threads, bypass: false)
    totalFaults += run.faults
    totalViolations += run.violations.count
    print(pad("\(threads)", 9) + pad("\(run.faults)", 11) + pad(String(format: "%.3f", run.seconds), 10)
          + pad(String(format: "%.0f", Double(run.faults) / run.seconds), 14) + pad("\(run.fixed)", 11)
          + pad("\(run.faults - run.fixed)", 10) + "\(run.violations.count)")
    for violation in run.violations.prefix(5) { print("  ! \(violation)") }
}
print("total faults: \(totalFaults), violations: \(totalViolations)")
print("")

print("Schedule-point cost (1 thread, one VM, 30 rounds x 3 paths in shuffled order, 128k faults + zaps per chunk)")
/// Runs `faults` faults (512-page passes, each followed by a zap of the pass) on `kvm` through
/// either path, returning nanoseconds.
enum PointPath: Int, CaseIterable { case live, eachPoint, bypassed }
func timedChunk(_ kvm: KVM, faults: Int, path: PointPath) -> UInt64 {
    let began = DispatchTime.now().uptimeNanoseconds
    var done = 0
    while done < faults {
        for gfn in 0..<blockPages {
            switch path {
            case .live: _ = kvm.pageFault(vcpu: 0, gfn: gfn)
            case .eachPoint: _ = kvm.pageFaultCheckingEachPoint(vcpu: 0, gfn: gfn)
            case .bypassed: _ = kvm.pageFaultBypassingSchedulePoints(vcpu: 0, gfn: gfn)
            }
        }
        switch path {
        case .live: kvm.zapGFNRange(0..<blockPages)
        case .eachPoint: kvm.zapGFNRangeCheckingEachPoint(0..<blockPages)
        case .bypassed: kvm.zapGFNRangeBypassingSchedulePoints(0..<blockPages)
        }
        done += Int(blockPages)
    }
    return DispatchTime.now().uptimeNanoseconds - began
}
let overheadVM = KVM(KVMConfiguration(vcpus: 1, guestPages: blockPages, physicalFrames: Int(blockPages) + 64))
for path in PointPath.allCases { _ = timedChunk(overheadVM, faults: 256 * 1024, path: path) }  // warm-up
var samples: [PointPath: [Double]] = [:]
let chunk = 128 * 1024
for round in 0..<30 {
    var rng = SplitMix64(seed: UInt64(round))
    let order = PointPath.allCases.shuffled(using: &rng)
    for path in order {
        samples[path, default: []].append(Double(timedChunk(overheadVM, faults: chunk, path: path)) / Double(chunk))
    }
}
let medians = samples.mapValues { $0.sorted()[$0.count / 2] }
func median(_ path: PointPath) -> Double { medians[path]! }
let baseline = median(.bypassed)
print(pad("path", 50) + pad("median ns/fault", 18) + "vs compiled out")
for (path, name) in [(PointPath.live, "pageFault: points live, no scheduler installed"),
                     (.eachPoint, "variant testing the hub at every point"),
                     (.bypassed, "points compiled out (baseline)")] {
    print(pad(name, 50) + pad(String(format: "%.2f", median(path)), 18) + String(format: "%+.2f %%", (median(path) / baseline - 1) * 100))
}
print(String(format: "overhead of schedule points (pageFault vs compiled out): %+.2f %% (ratio %.4f)",
             (median(.live) / baseline - 1) * 100, median(.live) / baseline))
print("")

print("Stress (real threads: 4 vCPUs accessing, APICv inhibit toggler, host invalidator, checker; 1 s, upstream)")
let stress = KVMStress.run(KVMStressConfiguration(vcpus: 4, guestPages: 256, duration: 1, seed: 7))
print("accesses \(stress.accesses), faults \(stress.faults), emulated APIC accesses \(stress.emulatedAPICAccesses), "
      + "inhibit toggles \(stress.inhibitToggles), invalidations \(stress.invalidations), "
      + "invariant checks \(stress.invariantChecks), violations \(stress.violations.count)")
for violation in stress.violations.prefix(5) { print("  ! \(violation)") }
