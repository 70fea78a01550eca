/// The JSON Schemas (draft 2020-12) of the two topics analysts read, as shipped in
/// `docs/schema/` (a test checks the two copies are the same) and printed by
/// `waitwatch-worker schema stats|alerts`, e.g. for a Kafka Connect sink or a notebook.
public enum RecordSchemas {
    /// The statistics record of `referral-wait-stats` (`docs/schema/referral-wait-stats.schema.json`).
    public static let stats = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://waitwatch.example.nhs.uk/schema/referral-wait-stats.schema.json",
          "title": "waitwatch statistics record (topic referral-wait-stats)",
          "description": "The position of a (trust, service), of an ICB's or region's roll-up (trust ICB:{code} or REGION:{code}), or of a service nationally (trust ALL), at the end of the Europe/London day asOf (SPEC section 2). Kafka key: {trust}/{service}/{asOf}; the topic is compacted and the latest record for a key is the answer. All waits are whole days.",
          "type": "object",
          "additionalProperties": false,
          "required": [
            "trust",
            "level",
            "service",
            "asOf",
            "windowDays",
            "targetDays",
            "standardPct",
            "waiting",
            "completed",
            "received",
            "dna",
            "cancelledByProvider",
            "cancelledByPatient",
            "closed",
            "lateEvents",
            "lastEventAt",
            "trustsReporting",
            "feedSilent"
          ],
          "properties": {
            "trust": {
              "type": "string",
              "pattern": "^([A-Z0-9]{3,9}|ALL|ICB:[A-Z0-9]{3,9}|REGION:[A-Z0-9]{3,9})$",
              "description": "Organisation code (ODS code of an NHS trust, or a local-authority code for EHC needs assessments), ICB:{code} or REGION:{code} for an integrated care board's or NHS England region's roll-up, or ALL for the national figure."
            },
            "level": {
              "type": "string",
              "enum": [
                "trust",
                "icb",
                "region",
                "national"
              ],
              "description": "The organisation level, from trust: trust (an organisation's own code), icb (ICB:{code}), region (REGION:{code}) or national (ALL)."
            },
            "service": {
              "type": "string",
              "pattern": "^[A-Z0-9_-]{1,16}$",
              "description": "Service code of the catalogue (SPEC section 4), e.g. SALT."
            },
            "asOf": {
              "type": "string",
              "format": "date",
              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
              "description": "The census day D (Europe/London), YYYY-MM-DD."
            },
            "windowDays": {
              "type": "integer",
              "minimum": 1,
              "maximum": 3660,
              "description": "W, the rolling window of the completed waits and event counts, in days."
            },
            "targetDays": {
              "type": "integer",
              "minimum": 0,
              "description": "The service's target in days (weeks x 7)."
            },
            "standardPct": {
              "type": "integer",
              "minimum": 0,
              "maximum": 100,
              "description": "The service's standard: percent of waiting referrals to be within target."
            },
            "waiting": {
              "type": "object",
              "additionalProperties": false,
              "description": "The waiting list at the end of asOf.",
              "required": [
                "count",
                "medianDays",
                "p90Days",
                "p92Days",
                "maxDays",
                "withinTargetPct",
                "over18Weeks",
                "over52Weeks",
                "over65Weeks",
                "over78Weeks",
                "over104Weeks",
                "bands",
                "breachDueWithin28Days"
              ],
              "properties": {
                "count": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "Referrals waiting at the end of the day."
                },
                "medianDays": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "minimum": 0,
                  "description": "Nearest-rank median wait in days; null when nobody waits."
                },
                "p90Days": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "minimum": 0,
                  "description": "Nearest-rank 90th percentile wait in days; null when nobody waits."
                },
                "p92Days": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "minimum": 0,
                  "description": "Nearest-rank 92nd percentile wait in days; null when nobody waits."
                },
                "maxDays": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "minimum": 0,
                  "description": "Longest wait in days; null when nobody waits."
                },
                "withinTargetPct": {
                  "type": [
                    "number",
                    "null"
                  ],
                  "minimum": 0,
                  "maximum": 100,
                  "description": "Percent of waiting referrals within target (wait <= targetDays), one decimal, rounded half away from zero; null when nobody waits."
                },
                "over18Weeks": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "Waiting over 18 weeks (wait > 126 days)."
                },
                "over52Weeks": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "Waiting over 52 weeks (wait > 364 days)."
                },
                "over65Weeks": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "Waiting over 65 weeks (wait > 455 days)."
                },
                "over78Weeks": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "Waiting over 78 weeks (wait > 546 days)."
                },
                "over104Weeks": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "Waiting over 104 weeks (wait > 728 days)."
                },
                "bands": {
                  "type": "object",
                  "description": "Waiting referrals by the bands of NHS England's Community Health Services waiting-list publication (weeks).",
                  "additionalProperties": false,
                  "required": [
                    "0-1",
                    "1-2",
                    "2-4",
                    "4-12",
                    "12-18",
                    "18-52",
                    "52+"
                  ],
                  "properties": {
                    "0-1": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "0-7 days"
                    },
                    "1-2": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "8-14 days"
                    },
                    "2-4": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "15-28 days"
                    },
                    "4-12": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "29-84 days"
                    },
                    "12-18": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "85-126 days"
                    },
                    "18-52": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "127-364 days"
                    },
                    "52+": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "365 days and more"
                    }
                  }
                },
                "breachDueWithin28Days": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "Waiting and within target, but passing targetDays within 28 days: targetDays - 28 < wait <= targetDays."
                }
              }
            },
            "completed": {
              "type": "object",
              "additionalProperties": false,
              "description": "Completed waits whose clock-stop event is in the window.",
              "required": [
                "count",
                "medianDays",
                "p92Days"
              ],
              "properties": {
                "count": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "Completed waits in the window."
                },
                "medianDays": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "minimum": 0,
                  "description": "Nearest-rank median completed wait in days; null when none."
                },
                "p92Days": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "minimum": 0,
                  "description": "Nearest-rank 92nd percentile completed wait in days; null when none."
                }
              }
            },
            "received": {
              "type": "integer",
              "minimum": 0,
              "description": "Accepted referral.received events dated in the window."
            },
            "dna": {
              "type": "integer",
              "minimum": 0,
              "description": "Accepted appointment.dna events dated in the window."
            },
            "cancelledByProvider": {
              "type": "integer",
              "minimum": 0,
              "description": "Accepted appointment.cancelled events with cancelledBy provider in the window."
            },
            "cancelledByPatient": {
              "type": "integer",
              "minimum": 0,
              "description": "Accepted appointment.cancelled events with cancelledBy patient in the window."
            },
            "closed": {
              "type": "integer",
              "minimum": 0,
              "description": "Accepted referral.closed events dated in the window."
            },
            "lateEvents": {
              "type": "integer",
              "minimum": 0,
              "description": "Running total of accepted events for this key that arrived after their day's record had been published."
            },
            "lastEventAt": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time",
              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{3}|\\.[0-9]{6})?Z$",
              "description": "Feed freshness: the occurredAt, in UTC (RFC 3339), of the newest accepted event of this trust and service (for ALL: of the service, any trust) dated on or before asOf. Event time, not arrival time, so replays and restarts give the same value. Never null in records of this version."
            },
            "trustsReporting": {
              "type": "integer",
              "minimum": 0,
              "description": "Trusts that sent an accepted event of this service dated in the N days ending with asOf (N = trustsReportingDays in the configuration, default 30): for a trust's record 0 or 1, for ALL the number of trusts reporting nationally."
            },
            "feedSilent": {
              "type": "boolean",
              "description": "true when asOf is at least feedSilentAfter days (default 14) after the date of lastEventAt: this trust's feed for the service (for ALL: every trust's) has sent nothing since. The feed-silent alert fires on such records."
            }
          }
        }
        """#

    /// The alert record of `referral-wait-alerts` (`docs/schema/referral-wait-alerts.schema.json`).
    public static let alerts = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://waitwatch.example.nhs.uk/schema/referral-wait-alerts.schema.json",
          "title": "waitwatch alert record (topic referral-wait-alerts)",
          "description": "A rule started (firing) or stopped (resolved) being breached for a (trust, service), ALL included, on day asOf (SPEC section 3). Kafka key: {rule}/{trust}/{service}. A resolve carries the alertId of the firing it closes; deduplicate on alertId + state.",
          "type": "object",
          "additionalProperties": false,
          "required": [
            "alertId",
            "rule",
            "trust",
            "service",
            "state",
            "asOf",
            "value",
            "threshold",
            "severity",
            "message"
          ],
          "properties": {
            "alertId": {
              "type": "string",
              "pattern": "^(waiting-standard|long-waiters|waiting-list-growth|feed-silent)/([A-Z0-9]{3,9}|ALL)/[A-Z0-9_-]{1,16}/[0-9]{4}-[0-9]{2}-[0-9]{2}$",
              "description": "{rule}/{trust}/{service}/{asOf of the firing}."
            },
            "rule": {
              "type": "string",
              "enum": [
                "waiting-standard",
                "long-waiters",
                "waiting-list-growth",
                "feed-silent"
              ]
            },
            "trust": {
              "type": "string",
              "pattern": "^([A-Z0-9]{3,9}|ALL)$",
              "description": "Organisation code (ODS code of an NHS trust, or a local-authority code for EHC needs assessments), or ALL for the national figure."
            },
            "service": {
              "type": "string",
              "pattern": "^[A-Z0-9_-]{1,16}$",
              "description": "Service code of the catalogue (SPEC section 4), e.g. SALT."
            },
            "state": {
              "type": "string",
              "enum": [
                "firing",
                "resolved"
              ]
            },
            "asOf": {
              "type": "string",
              "format": "date",
              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
              "description": "The census day of the statistics record that caused this transition."
            },
            "value": {
              "type": [
                "number",
                "null"
              ],
              "description": "The measured value, at most one decimal: percent within target (waiting-standard), children over the long-wait threshold (long-waiters), growth in percent (waiting-list-growth), days since the last event (feed-silent); null when there is none."
            },
            "threshold": {
              "type": "number",
              "description": "The threshold, at most one decimal: the standard in percent, 0 long waiters, the growth allowed in percent, the days of silence that make a feed silent (feed-silent)."
            },
            "severity": {
              "type": "string",
              "enum": [
                "info",
                "warning",
                "critical"
              ]
            },
            "message": {
              "type": "string",
              "minLength": 1,
              "description": "What happened, in plain English, one line."
            }
          }
        }
        """#
}
