import CLibFuzzer
import Foundation

/// `waitwatch-fuzz TARGET [libFuzzer options] [corpus directories or files]`: runs one fuzz
/// target under libFuzzer; `waitwatch-fuzz list` names them; `waitwatch-fuzz write-seeds
/// ROOT` writes the generated part of the seed corpora (encoded snapshots and records).
///
/// libFuzzer owns the process from here on (`LLVMFuzzerRunDriver`): it reads its own options
/// (`-max_total_time=30`, `-runs=0`, ...) from the arguments after the target's name. The target
/// travels to the callback (a C function, no context) and to any process libFuzzer starts through
/// the environment variable `WAITWATCH_FUZZ_TARGET`, read once into an immutable global.
@main
enum WaitwatchFuzzMain {
    static func main() {
        var arguments = CommandLine.arguments
        let first = arguments.count > 1 ? arguments[1] : ""
        if first == "list" {
            for target in FuzzTarget.allCases { print("\(target.rawValue)\t\(target.summary)") }
            return
        }
        if first == "write-seeds" {
            guard arguments.count == 3 else { fail("usage: waitwatch-fuzz write-seeds REPOSITORY-ROOT") }
            do { try SeedWriter.write(root: arguments[2]) } catch { fail("write-seeds: \(error)") }
            return
        }
        if FuzzTarget(rawValue: first) != nil {
            setenv(FuzzTarget.environmentKey, first, 1)
            arguments.remove(at: 1)
        }
        guard FuzzTarget.selected != nil else {
            fail(
                "usage: waitwatch-fuzz TARGET [libFuzzer options] [corpus...]; targets: "
                    + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))
        }
        // libFuzzer wants a C argv it may keep: duplicated strings, never freed (the process ends in it).
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var argc = Int32(arguments.count)
        let status = argv.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &pointer) { data, size in fuzzOneInput(data, size) }
        }
        exit(status)
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("waitwatch-fuzz: \(message)\n".utf8))
        exit(2)
    }
}
