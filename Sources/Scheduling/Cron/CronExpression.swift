/// A parsed cron expression: 5 fields, or 6 with a leading seconds field, or an `@` alias.
///
/// Syntax: `*`, lists (`1,15`), ranges (`1-5`), steps (`*/5`, `1-10/2`, `5/15` = `5-max/15`),
/// month names JAN–DEC and day names SUN–SAT in any case, 0 and 7 both Sunday, `?` as `*` in the
/// day fields. Aliases: `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`,
/// `@hourly`. Day rule (Vixie cron): when both day-of-month and day-of-week are restricted (do not
/// begin with `*`), a day matches if either matches; otherwise both must.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as given (surrounding whitespace removed).
    public let source: String
    /// True when the expression has the leading seconds field; otherwise runs fire at second 0.
    public let hasSecondsField: Bool

    let seconds: CronFieldValues
    let minutes: CronFieldValues
    let hours: CronFieldValues
    let daysOfMonth: CronFieldValues
    let months: CronFieldValues
    let daysOfWeek: CronFieldValues

    private static let aliases: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
        "@hourly": "0 * * * *",
    ]

    public init(_ expression: String) throws(CronParseError) {
        let characters = Array(expression)
        var tokens = Self.tokenize(characters)
        guard let first = tokens.first else {
            throw CronParseError(field: nil, position: 0, reason: "empty expression")
        }
        source = String(characters[first.start..<(tokens.last!.start + tokens.last!.text.count)])

        if first.text.first == "@" {
            let name = String(first.text).lowercased()
            guard let expanded = Self.aliases[name] else {
                throw CronParseError(field: nil, position: first.start, reason: "unknown alias '\(String(first.text))'")
            }
            if tokens.count > 1 {
                throw CronParseError(field: nil, position: tokens[1].start, reason: "nothing may follow an alias")
            }
            tokens = Self.tokenize(Array(expanded))
        }

        guard tokens.count == 5 || tokens.count == 6 else {
            let position = tokens.count > 6 ? tokens[6].start : characters.count
            throw CronParseError(field: nil, position: position, reason: "expected 5 or 6 fields, found \(tokens.count)")
        }
        hasSecondsField = tokens.count == 6
        let fields: [CronField] = hasSecondsField ? CronField.allCases : Array(CronField.allCases.dropFirst())
        var parsed: [CronField: CronFieldValues] = [:]
        for (field, token) in zip(fields, tokens) {
            parsed[field] = try CronFieldParser(field: field, text: token.text, offset: token.start).parse()
        }
        seconds = parsed[.second] ?? CronFieldValues(bits: 1, startsWithWildcard: false, isPeriodic: false)
        minutes = parsed[.minute]!
        hours = parsed[.hour]!
        daysOfMonth = parsed[.dayOfMonth]!
        months = parsed[.month]!
        daysOfWeek = parsed[.dayOfWeek]!
    }

    public var description: String { source }

    /// Jobs whose hour field is periodic (`*` or a step) fire in both passes of a repeated hour;
    /// the others are "fixed-time" jobs for the daylight-saving rule.
    public var isFixedTime: Bool { !hours.isPeriodic }

    /// Whether a calendar day matches, with Vixie cron's either/both rule for the two day fields.
    func dayMatches(day: Int, month: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let byDay = daysOfMonth.contains(day)
        let byWeekday = daysOfWeek.contains(weekday)
        if daysOfMonth.startsWithWildcard || daysOfWeek.startsWithWildcard {
            return byDay && byWeekday
        }
        return byDay || byWeekday
    }

    private struct Token {
        let text: [Character]
        let start: Int
    }

    private static func tokenize(_ characters: [Character]) -> [Token] {
        var tokens: [Token] = []
        var start: Int?
        for index in 0...characters.count {
            let isSpace = index == characters.count || characters[index].isWhitespace
            if isSpace, let tokenStart = start {
                tokens.append(Token(text: Array(characters[tokenStart..<index]), start: tokenStart))
                start = nil
            } else if !isSpace, start == nil {
                start = index
            }
        }
        return tokens
    }
}
