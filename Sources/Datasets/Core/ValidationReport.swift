import Foundation

/// The outcome of `physgen validate`: every check made, passed or not.
public struct ValidationReport: Sendable {
    /// One check: what it concerns, whether it passed, and what was measured.
    public struct Check: Sendable {
        public var subject: String
        public var passed: Bool
        public var detail: String
    }

    public var checks: [Check] = []
    /// Whether every check passed.
    public var isValid: Bool { checks.allSatisfy(\.passed) }

    mutating func record(_ subject: String, _ passed: Bool, _ detail: String) {
        checks.append(Check(subject: subject, passed: passed, detail: detail))
    }

    /// Records whether the manifest's `spec` is valid (`summary` says what it holds when it is) and whether
    /// `folder/spec.json`, when present, holds its canonical text. Returns `false` when the spec is invalid: the
    /// shards cannot be checked against it.
    mutating func checkSpec(_ spec: some SpecJSON, of folder: String, summary: String) -> Bool {
        do {
            try spec.validate()
            record("manifest", true, summary)
        } catch {
            record("manifest", false, "its spec is invalid: \(error)")
            return false
        }
        let specPath = (folder as NSString).appendingPathComponent("spec.json")
        if let text = try? String(contentsOfFile: specPath, encoding: .utf8) {
            record("spec.json", text == spec.canonicalJSON() + "\n", "matches the manifest's spec")
        }
        return true
    }
}
