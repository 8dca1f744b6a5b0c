import Logging
import Testing
@testable import Monitoring

@Suite struct LogRedactorTests {
    let redactor = LogRedactor()

    @Test func hidesKeysThatLookSecretWhateverTheirCase() {
        let flat = redactor.redact([
            "password": "hunter2", "jwt_secret": "s", "Access_Token": "t", "Authorization": "Bearer x",
            "user_id": "42",
        ])
        #expect(flat == [
            "password": "[redacted]", "jwt_secret": "[redacted]", "Access_Token": "[redacted]",
            "Authorization": "[redacted]", "user_id": "42",
        ])
    }

    @Test func flattensNestedValuesAndRedactsInsideThem() {
        let flat = redactor.redact([
            "request": ["path": "/login", "headers": ["authorization": "Bearer x", "accept": "json"]],
            "ids": ["1", .stringConvertible(2)],
        ])
        #expect(flat["request"] == "[headers: [accept: json, authorization: [redacted]], path: /login]")
        #expect(flat["ids"] == "[1, 2]")
    }
}
