/// Property checks inside fuzz targets: a failure is a crash that libFuzzer saves as an input.
enum FuzzCheck {
    /// Stops the process (a trap libFuzzer reports) when `condition` is false.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz property broken: \(message())") }
    }
}
