/// Which partition of the internal contributions topic carries a service's national (`ALL`)
/// statistics: every contribution section of the service goes there, so one national task
/// holds the service whole.
public enum ServicePartitioning {
    /// The internal partition of `service` among `count`: 32-bit FNV-1a of its code, modulo
    /// `count`. Stable across processes and versions (running clusters hold data placed by it).
    public static func internalPartition(ofService service: String, count: Int) -> Int {
        Int(FNV1a.hash32(service) % UInt32(max(1, count)))
    }
}
