import Foundation
import Testing
@testable import Scheduling

@Suite struct TriggerTests {
    @Test func describesItselfForTheAPI() throws {
        let interval = try Trigger(intervalSeconds: 5)
        #expect(interval.kind == "interval")
        #expect(interval.intervalSeconds == 5)
        #expect(interval.cronExpression == nil)
        #expect(interval.description == "every 5 s")

        let cron = try Trigger(cron: "0 0 * * 1")
        #expect(cron.kind == "cron")
        #expect(cron.cronExpression == "0 0 * * 1")
        #expect(cron.intervalSeconds == nil)
        #expect(cron.description == "cron 0 0 * * 1")
    }

    @Test func badCronCarriesThePosition() {
        #expect(throws: TriggerError.invalidCron(CronParseError(field: .hour, position: 2, reason: "value 24 out of range 0-23"))) {
            try Trigger(cron: "0 24 * * *")
        }
        #expect(TriggerError.invalidCron(CronParseError(field: nil, position: 0, reason: "empty expression")).code == "invalid_cron")
    }

    @Test func codableInTheAPIShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(Trigger(intervalSeconds: 30)), as: UTF8.self) == #"{"interval_seconds":30}"#)
        #expect(String(decoding: try encoder.encode(Trigger(cron: "0 3 * * *")), as: UTF8.self) == #"{"cron":"0 3 * * *"}"#)

        let decoder = JSONDecoder()
        #expect(try decoder.decode(Trigger.self, from: Data(#"{"cron":"0 0 * * *"}"#.utf8)) == Trigger(cron: "0 0 * * *"))
        #expect(try decoder.decode(Trigger.self, from: Data(#"{"interval_seconds":10}"#.utf8)) == Trigger(intervalSeconds: 10))
        #expect(throws: (any Error).self) { try decoder.decode(Trigger.self, from: Data(#"{"interval_seconds":0}"#.utf8)) }
        #expect(throws: (any Error).self) { try decoder.decode(Trigger.self, from: Data(#"{}"#.utf8)) }
    }

    @Test func occurrencesCoalesceToTheLatest() throws {
        let interval = try Trigger(intervalSeconds: 10)
        let (latest, count) = interval.occurrences(
            from: instant("2025-01-01T00:00:10Z"), through: instant("2025-01-01T00:00:35Z"), in: .schedulerUTC
        )
        #expect(iso(latest) == "2025-01-01T00:00:30Z")
        #expect(count == 3)

        let cron = try Trigger(cron: "*/10 * * * * *")
        let (cronLatest, cronCount) = cron.occurrences(
            from: instant("2025-01-01T00:00:10Z"), through: instant("2025-01-01T00:00:35Z"), in: .schedulerUTC
        )
        #expect(iso(cronLatest) == "2025-01-01T00:00:30Z")
        #expect(cronCount == 3)
    }
}
