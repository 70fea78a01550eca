#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocks the calling thread until SIGINT or SIGTERM arrives, and returns the signal number.
///
/// The signals are blocked for the whole process first (so no default handler kills it), which
/// is right for a process whose only job is to wait, such as `dev-cluster`.
public func waitForTerminationSignal() -> Int32 {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &set, nil)
    var sig: Int32 = 0
    sigwait(&set, &sig)
    return sig
}
