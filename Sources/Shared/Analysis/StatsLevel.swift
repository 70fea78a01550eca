import WaitwatchCore

/// Which records a question is about: organisations' own records, the ICB and region roll-ups,
/// or the national (`ALL`) ones: the records' `level` (``StatisticsLevel``).
public typealias StatsLevel = StatisticsLevel
