import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
@testable import WaitwatchFeeds
import WaitwatchTesting

/// FHIR R4 resources and Bundles → events, and located rejections.
@Suite struct FHIRFeedTests {
    static let ods = #"{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"RAJ"}}"#
    static let code = #"{"coding":[{"system":"http://snomed.info/sct","code":"724179005"}]}"#

    static func serviceRequest(
        status: String = "active", authoredOn: String = "2026-05-01T10:00:00+01:00", extra: String = "", performer: String = "[\(ods)]"
    ) -> String {
        #"{"resourceType":"ServiceRequest","id":"sr1","status":"\#(status)","intent":"order","code":\#(code),"authoredOn":"\#(authoredOn)","performer":\#(performer),"identifier":[{"system":"https://fhir.nhs.uk/Id/UBRN","value":"000000000999"}]\#(extra)}"#
    }

    static func appointment(status: String, extra: String = "") -> String {
        #"{"resourceType":"Appointment","id":"ap1","status":"\#(status)","start":"2026-06-01T09:00:00+01:00","created":"2026-05-02T10:00:00+01:00","meta":{"lastUpdated":"2026-05-20T12:00:00Z"},"serviceType":[\#(code)],"basedOn":[{"reference":"ServiceRequest/sr1"}],"participant":[{"actor":\#(ods)}]\#(extra)}"#
    }

    func rejection(_ text: String) -> FeedRejection? { FeedSamples.rejections(.fhir, text).first }

    @Test func serviceRequestsAndTheirIdentifiers() {
        let received = FeedSamples.events(.fhir, Self.serviceRequest())
        #expect(received.first?.referralId == "000000000999")  // the UBRN over the resource id
        #expect(received.first?.service == "CAMHS")
        #expect(received.first?.priority == .routine)
        #expect(FeedSamples.events(.fhir, Self.serviceRequest(extra: #","priority":"asap""#)).first?.priority == .urgent)
        let closed = FeedSamples.events(
            .fhir, Self.serviceRequest(status: "completed", extra: #","meta":{"lastUpdated":"2026-07-01T08:00:00Z"}"#))
        #expect(closed.map(\.type) == [.referralClosed])
        #expect(closed.first?.reason == "completed")
        let noUBRN = Self.serviceRequest().replacingOccurrences(of: "https://fhir.nhs.uk/Id/UBRN", with: "urn:local")
        #expect(FeedSamples.events(.fhir, noUBRN).first?.referralId == "sr1")
    }

    @Test func appointmentStatuses() {
        #expect(FeedSamples.events(.fhir, Self.appointment(status: "booked")).first?.scheduledFor?.rfc3339UTC == "2026-06-01T08:00:00Z")
        #expect(FeedSamples.events(.fhir, Self.appointment(status: "checked-in")).map(\.type) == [.appointmentAttended])
        #expect(FeedSamples.events(.fhir, Self.appointment(status: "noshow")).map(\.type) == [.appointmentDNA])
        let cancelled = FeedSamples.events(
            .fhir, Self.appointment(status: "cancelled", extra: #","cancelationReason":{"coding":[{"code":"pat-cpp"}]}"#))
        #expect(cancelled.first?.cancelledBy == .patient)
        #expect(cancelled.first?.occurredAt.rfc3339UTC == "2026-05-20T12:00:00Z")
        #expect(FeedSamples.events(.fhir, Self.appointment(status: "booked")).first?.referralId == "sr1")
    }

    @Test func encountersStartTreatmentAndCarePlansAreIssuedPlans() {
        let encounter =
            #"{"resourceType":"Encounter","id":"e1","status":"in-progress","class":{"code":"AMB"},"period":{"start":"2026-06-02T11:00:00+01:00"},"serviceType":\#(Self.code),"basedOn":[{"reference":"ServiceRequest/sr1"}],"serviceProvider":\#(Self.ods)}"#
        #expect(FeedSamples.events(.fhir, encounter).map(\.type) == [.treatmentStarted])
        let plan =
            #"{"resourceType":"CarePlan","id":"p1","status":"active","intent":"plan","created":"2026-06-03","category":[{"coding":[{"code":"EHCNA"}]}],"basedOn":[{"reference":"ServiceRequest/sr1"}],"author":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"E09000003"}}}"#
        let plans = FeedSamples.events(.fhir, plan)
        #expect(plans.map(\.type) == [.planIssued])
        #expect(plans.first?.trust == "E09000003")
        #expect(plans.first?.occurredAt.rfc3339UTC == "2026-06-02T23:00:00Z")
    }

    @Test func rejectionsNameTheLineEntryAndElement() {
        #expect(rejection(Self.serviceRequest(performer: "[]"))?.location == "line 1 ServiceRequest.performer")
        #expect(rejection(Self.serviceRequest(authoredOn: "2026-05-01T10:00:00"))?.location == "line 1 ServiceRequest.authoredOn")
        #expect(rejection(Self.serviceRequest(authoredOn: "2026-02-30"))?.code == "bad-timestamp")
        #expect(rejection(Self.serviceRequest(status: "teleported"))?.location == "line 1 ServiceRequest.status")
        #expect(rejection(Self.serviceRequest().replacingOccurrences(of: "724179005", with: "1"))?.code == "unknown-service")
        #expect(rejection(Self.appointment(status: "cancelled"))?.location == "line 1 Appointment.cancelationReason")
        #expect(
            rejection(Self.appointment(status: "booked").replacingOccurrences(of: "basedOn", with: "partOf"))?.location
                == "line 1 Appointment.basedOn")
        #expect(rejection(#"{"resourceType":"Observation","id":"o1"}"#)?.code == "unsupported-resource")
        let bundle =
            #"{"resourceType":"Bundle","type":"collection","entry":[{"resource":\#(Self.serviceRequest())},{"resource":\#(Self.serviceRequest(performer: "[]"))},{"fullUrl":"x"}]}"#
        #expect(FeedSamples.rejections(.fhir, bundle).map(\.location) == ["line 1, entry[1] ServiceRequest.performer", "line 1, entry[2]"])
        #expect(FeedSamples.events(.fhir, bundle).count == 1)
        #expect(rejection(#"{"resourceType":"Bundle","type":"document","entry":[]}"#)?.location == "line 1, Bundle.type")
    }

    @Test func truncatedNonJSONHugeAndInvalidUTF8Lines() {
        let full = Self.serviceRequest()
        let text = [full, String(full.prefix(80)), "not json", "[1,2]", full].joined(separator: "\n")
        #expect(FeedSamples.rejections(.fhir, text).map(\.location) == ["line 2", "line 3", "line 4"])
        #expect(FeedSamples.events(.fhir, text).count == 2)
        var bytes = Array(full.utf8)
        bytes[30] = 0xC0
        #expect(FeedSamples.rejections(.fhir, bytes).first?.code == "not-utf8")
        let huge = Self.serviceRequest(extra: #","note":[{"text":""# + String(repeating: "x", count: FHIRFeed.maximumLineBytes) + #""}]"#)
        #expect(rejection(huge)?.code == "too-large")
    }

    @Test func patientResourcesAreIgnoredAndNeverEchoed() {
        let patient =
            #"{"resourceType":"Patient","id":"p","name":[{"family":"Fictitious","given":["Poppy"]}],"birthDate":"2015-06-14","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}]}"#
        var ignored = 0
        FeedConverter(format: .fhir, settings: FeedSamples.settings).convert(Array(patient.utf8)) { result, skipped in
            if skipped != nil { ignored += 1 }
            #expect((try? result.get())?.isEmpty == true)
        }
        #expect(ignored == 1)
        let broken = patient.replacingOccurrences(of: "\"resourceType\":\"Patient\"", with: "\"resourceType\":\"Patient\",\"x\":")
        for r in FeedSamples.rejections(.fhir, broken) {
            for value in FeedSamples.identifying { #expect(!r.description.contains(value)) }
        }
    }
}
