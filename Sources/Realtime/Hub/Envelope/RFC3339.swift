/// RFC 3339 UTC timestamps with microseconds (`2026-01-02T03:04:05.678901Z`), computed without
/// Foundation or the C library so the publish path stays allocation-free and thread-safe.
public enum RFC3339 {
    /// Appends the timestamp for `micros` microseconds since the Unix epoch.
    static func append(micros: Int64, to out: inout [UInt8]) {
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var inDay = micros % perDay
        if inDay < 0 {
            inDay += perDay
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let seconds = Int(inDay / 1_000_000)
        JSONText.appendPadded(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        JSONText.appendPadded(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        JSONText.appendPadded(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        JSONText.appendPadded(seconds / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONText.appendPadded(seconds / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONText.appendPadded(seconds % 60, width: 2, to: &out)
        out.append(UInt8(ascii: "."))
        JSONText.appendPadded(Int(inDay % 1_000_000), width: 6, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// The timestamp for `micros` microseconds since the Unix epoch, as a string.
    public static func string(micros: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(27)
        append(micros: micros, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    private static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
