import Clinicode

/// JSON fields for an `Assertion`, written by hand so key order is fixed
/// (owner: the context stage's `clinicode context` command).
enum AssertionJSON {
    /// `"negation":…,"certainty":…,"temporality":…,"experiencer":…,"resolved":…,"label":…,"trigger":…,"triggers":[…]`
    /// (no surrounding braces), with trigger spans as Unicode-scalar offsets.
    static func fields(_ assertion: Assertion) -> String {
        var out = "\"negation\":\"\(assertion.negation.rawValue)\",\"certainty\":\"\(assertion.certainty.rawValue)\","
        out += "\"temporality\":\"\(assertion.temporality.rawValue)\",\"experiencer\":\"\(assertion.experiencer.rawValue)\","
        out += "\"resolved\":\(assertion.isResolved),\"label\":\"\(assertion.label)\","
        out += "\"trigger\":" + (mainTrigger(assertion).map { JSONText.quoted($0.text) } ?? "null") + ","
        out += "\"triggers\":["
        out += assertion.triggers.map { trigger in
            "{\"text\":\(JSONText.quoted(trigger.text)),\"start\":\(trigger.span.start),\"end\":\(trigger.span.end),"
                + "\"category\":\"\(trigger.category.rawValue)\"}"
        }.joined(separator: ",")
        return out + "]"
    }

    /// The cue behind the most consequential decision: negation first, then
    /// doubt, then experiencer, then time.
    static func mainTrigger(_ assertion: Assertion) -> ContextTrigger? {
        let order: [ContextCategory] = [
            .negatedExistence, .hypothetical, .possibleExistence, .family, .otherExperiencer,
            .historical, .resolved, .sectionDefault,
        ]
        for category in order {
            if let trigger = assertion.triggers.first(where: { $0.category == category }) { return trigger }
        }
        return nil
    }
}
