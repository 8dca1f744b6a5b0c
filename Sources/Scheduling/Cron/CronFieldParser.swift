/// Parses the text of one cron field (lists, ranges, steps, names) into the values it matches.
struct CronFieldParser {
    let field: CronField
    let text: [Character]
    /// Offset of `text` in the whole expression, so errors point into what the user typed.
    let offset: Int

    func parse() throws(CronParseError) -> CronFieldValues {
        var values = CronFieldValues(bits: 0, startsWithWildcard: text.first == "*" || text.first == "?", isPeriodic: false)
        var itemStart = 0
        for index in 0...text.count where index == text.count || text[index] == "," {
            try parseItem(text[itemStart..<index], at: itemStart, into: &values)
            itemStart = index + 1
        }
        return values
    }

    private func parseItem(_ item: ArraySlice<Character>, at start: Int, into values: inout CronFieldValues) throws(CronParseError) {
        guard !item.isEmpty else { throw error(at: start, "empty list item") }
        let slash = item.firstIndex(of: "/")
        let base = slash.map { item[item.startIndex..<$0] } ?? item
        guard !base.isEmpty else { throw error(at: start, "missing value before '/'") }

        var step = 1
        if let slash {
            let stepText = item[(slash + 1)...]
            let stepPosition = slash + 1
            guard !stepText.isEmpty else { throw error(at: stepPosition, "missing step after '/'") }
            guard stepText.allSatisfy(\.isASCIIDigit), stepText.count <= 4, let parsed = Int(String(stepText)) else {
                throw error(at: stepPosition, "invalid step '\(String(stepText))'")
            }
            let span = field.wildcardRange.count
            guard parsed >= 1 else { throw error(at: stepPosition, "step must be at least 1") }
            guard parsed <= span else {
                throw error(at: stepPosition, "step \(parsed) larger than the field's \(span) values")
            }
            step = parsed
            values.isPeriodic = true
        }

        let low: Int
        let high: Int
        if base.count == 1, base.first == "*" || (base.first == "?" && isDayField) {
            low = field.wildcardRange.lowerBound
            high = field.wildcardRange.upperBound
            values.isPeriodic = true
        } else if let dash = base.firstIndex(of: "-") {
            let lowText = base[base.startIndex..<dash]
            let highText = base[(dash + 1)...]
            low = try value(lowText, at: base.startIndex)
            var parsedHigh = try value(highText, at: dash + 1)
            // "FRI-SUN" means Friday to Sunday: a Sunday written last closes the week as 7.
            if field == .dayOfWeek, parsedHigh == 0, low > 0 { parsedHigh = 7 }
            guard low <= parsedHigh else {
                throw error(at: base.startIndex, "range \(String(lowText))-\(String(highText)) is reversed")
            }
            high = parsedHigh
        } else {
            low = try value(base, at: base.startIndex)
            // "5/15" is the usual shorthand for "5-max/15".
            high = slash == nil ? low : field.range.upperBound
        }

        for number in stride(from: low, through: high, by: step) {
            let folded = field == .dayOfWeek && number == 7 ? 0 : number
            values.bits |= 1 << UInt64(folded)
        }
    }

    private var isDayField: Bool { field == .dayOfMonth || field == .dayOfWeek }

    private func value(_ token: ArraySlice<Character>, at position: Int) throws(CronParseError) -> Int {
        let string = String(token)
        guard !token.isEmpty else { throw error(at: position, "missing value") }
        let number: Int
        if token.allSatisfy(\.isASCIIDigit) {
            guard token.count <= 4, let parsed = Int(string) else {
                throw error(at: position, "value \(string) out of range \(rangeText)")
            }
            number = parsed
        } else if let named = field.names[string.uppercased()] {
            number = named
        } else if field.names.isEmpty {
            throw error(at: position, "invalid value '\(string)'")
        } else {
            throw error(at: position, "unknown name '\(string)'")
        }
        guard field.range.contains(number) else {
            throw error(at: position, "value \(number) out of range \(rangeText)")
        }
        return number
    }

    private var rangeText: String { "\(field.range.lowerBound)-\(field.range.upperBound)" }

    private func error(at position: Int, _ reason: String) -> CronParseError {
        CronParseError(field: field, position: offset + position, reason: reason)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
