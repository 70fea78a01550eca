/// libFuzzer's conventional entry point. `-sanitize=fuzzer` links libFuzzer's whole runtime,
/// whose own `main` refers to this symbol; SwiftPM points `main` at ``WaitwatchFuzzMain``
/// (`--defsym`), which starts libFuzzer with ``LLVMFuzzerRunDriver`` instead, so this function
/// is what both ways of starting call: the selected target on one input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.selected?.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
