import CLibFuzzer
import Foundation

/// Starts libFuzzer on a fuzz target's test function.
///
/// SwiftPM links an executable target with `main` bound to the module's `@main`, so a fuzz
/// target cannot leave `main` to libFuzzer: its `@main` calls `FuzzDriver.run`, which hands
/// the command line to libFuzzer's driver (`LLVMFuzzerRunDriver`). Each target also exports
/// the same function as `LLVMFuzzerTestOneInput`, which libFuzzer's own main (linked in by
/// `-sanitize=fuzzer`) refers to. Only a build with `-DFUZZING` (Benchmarks/fuzz.sh) calls
/// libFuzzer; a plain `swift build` builds a program that says how to run it.
public enum FuzzDriver {
    /// A test function: one input, its bytes and their count; returns 0.
    public typealias Test = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer with the process's arguments and exits with its status.
    public static func run(_ test: Test) -> Never {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
        #else
        FileHandle.standardError.write(Data("this fuzz target was built without libFuzzer; run Benchmarks/fuzz.sh\n".utf8))
        exit(2)
        #endif
    }

    /// The bytes of one input.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Stops the run with a message libFuzzer reports as a crash (a finding, not an input error).
    public static func finding(_ message: String) -> Never {
        FileHandle.standardError.write(Data("FINDING: \(message)\n".utf8))
        abort()
    }
}
