import WaitwatchCore
import WaitwatchKafka

/// Prints a progress line to standard error every few seconds during long work, and
/// measures the rate since the start.
public struct ProgressReporter {
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var next: ContinuousClock.Instant
    private let interval: Duration
    private var counter = 0

    /// - Parameter interval: time between lines (the first line comes after one interval).
    public init(interval: Duration = .seconds(5)) {
        start = clock.now
        next = start + interval
        self.interval = interval
    }

    /// Seconds since the reporter was made.
    public var elapsedSeconds: Double {
        let d = clock.now - start
        return d.inSeconds
    }

    /// Call often; every 1,024 calls it checks the clock and, when an interval has passed,
    /// writes the line `message` returns for the seconds elapsed since the start.
    public mutating func tick(_ message: (Double) -> String) {
        counter &+= 1
        guard counter & 1023 == 0 else { return }
        report(message)
    }

    /// Writes the line if an interval has passed since the last one.
    public mutating func report(_ message: (Double) -> String) {
        let now = clock.now
        guard now >= next else { return }
        next = now + interval
        Output.error(message(elapsedSeconds))
    }

    /// Writes the line if an interval has passed since the last one and `message` returns one
    /// (nil: nothing changed, so nothing is written and the next call may write), with `write`
    /// (standard error by default).
    public mutating func report(ifAny message: (Double) -> String?, write: (String) -> Void = { Output.error($0) }) {
        let now = clock.now
        guard now >= next else { return }
        guard let line = message(elapsedSeconds) else { return }
        next = now + interval
        write(line)
    }
}

/// `count` per `seconds`, as a whole number with thousands separators (0 for no time).
public func perSecond(_ count: Int, _ seconds: Double) -> String {
    grouped(seconds > 0 ? Int(Double(count) / seconds) : 0)
}

/// Formats a whole number with thousands separators: `1234567` → `1,234,567`.
public func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

extension String {
    /// A number with two decimals, e.g. `3.14`.
    public init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let frac = hundredths % 100
        self = "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
