import WaitwatchCore
/// Who cancelled an appointment, from a code of HL7's appointment cancellation reason value
/// set (http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason, used by
/// FHIR `Appointment.cancelationReason` and, by this project's choice, HL7 v2 SCH-6).
///
/// `pat` and every `pat-…` code: the patient. `prov`, `prov-…`, `maint`, `meds-inc`,
/// `other` and `oth-…` (the provider's side: clinician, equipment, weather, …): the provider.
/// The CSDS-style words `PATIENT` and `PROVIDER` are accepted too. Case-insensitive.
public enum CancellationReason {
    /// Who cancelled, or nil for an unknown or empty code.
    public static func cancelledBy(_ code: String) -> CancelledBy? {
        let c = code.trimmingSpaces.lowercased()
        if c == "pat" || c.hasPrefix("pat-") || c == "patient" { return .patient }
        if c == "prov" || c.hasPrefix("prov-") || c == "provider" || c == "maint" || c == "meds-inc" || c == "other" || c.hasPrefix("oth-")
        {
            return .provider
        }
        return nil
    }
}
