import Testing
@testable import Monitoring

@Suite struct AlertRuleTests {
    let registry = MetricRegistry.standard

    @Test func defaultRulesAreValid() throws {
        for rule in DefaultAlertRules.all {
            _ = try rule.validate(against: registry)
        }
        #expect(try DefaultAlertRules.webSocketDrops.validate(against: registry) == .rate("ws_dropped_total", windowSeconds: 60))
    }

    @Test func unknownMetricAndNegativeDurationAreRefused() {
        #expect(throws: AlertRuleError.unknownMetric("cpu_temp")) {
            try AlertRule(id: "r", name: "hot", metric: "cpu_temp", op: .greaterThan, threshold: 80).validate(against: registry)
        }
        #expect(throws: AlertRuleError.negativeDuration(-5)) {
            try AlertRule(id: "r", name: "cpu", metric: "host_cpu_percent", op: .greaterThan, threshold: 80, forSeconds: -5).validate(against: registry)
        }
        #expect(throws: AlertRuleError.unknownMetric("nope")) {
            try AlertRule(id: "r", name: "n", metric: "rate(nope)", op: .greaterThan, threshold: 0).validate(against: registry)
        }
    }

    @Test func otherBadRules() {
        #expect(throws: AlertRuleError.rateOfGauge("host_cpu_percent")) {
            try AlertRule(id: "r", name: "n", metric: "rate(host_cpu_percent)", op: .greaterThan, threshold: 0).validate(against: registry)
        }
        #expect(throws: AlertRuleError.emptyName) {
            try AlertRule(id: "r", name: " ", metric: "host_cpu_percent", op: .greaterThan, threshold: 0).validate(against: registry)
        }
        #expect(throws: AlertRuleError.nonFiniteNumber(field: "threshold")) {
            try AlertRule(id: "r", name: "n", metric: "host_cpu_percent", op: .greaterThan, threshold: .nan).validate(against: registry)
        }
    }

    @Test func expressionsParseAndPrintBack() throws {
        #expect(try MetricExpression.parse("host_cpu_percent") == .value("host_cpu_percent"))
        #expect(try MetricExpression.parse("rate(ws_dropped_total)") == .rate("ws_dropped_total", windowSeconds: 60))
        #expect(try MetricExpression.parse("rate(ws_dropped_total[300s])") == .rate("ws_dropped_total", windowSeconds: 300))
        let expression = MetricExpression.rate("ws_dropped_total", windowSeconds: 2.5)
        #expect(try MetricExpression.parse(expression.description) == expression)
        #expect(MetricExpression.rate("c", windowSeconds: 1000).description == "rate(c[1000s])")
        for bad in ["", "rate(", "rate(x[0s])", "rate(x[10m])", "cpu percent", "rate()"] {
            #expect(throws: AlertRuleError.self, "\(bad)") { try MetricExpression.parse(bad) }
        }
    }

    @Test func draftFromTheAPIBecomesAValidatedRule() throws {
        let rule = try AlertRuleDraft(name: "mem", metric: "host_memory_used_percent", op: ">=", threshold: 95, forSeconds: 120, severity: "Critical")
            .rule(id: "r1", registry: registry)
        #expect(rule == AlertRule(id: "r1", name: "mem", metric: "host_memory_used_percent", op: .greaterThanOrEqual, threshold: 95, forSeconds: 120, severity: .critical))
        let defaults = try AlertRuleDraft(name: "down", metric: "service_down_count", op: "==", threshold: 1).rule(id: "r2", registry: registry)
        #expect(defaults.forSeconds == 0)
        #expect(defaults.severity == .warning)

        #expect(throws: AlertRuleError.unknownOperator("=>")) {
            try AlertRuleDraft(name: "n", metric: "host_cpu_percent", op: "=>", threshold: 1).rule(id: "r", registry: registry)
        }
        #expect(throws: AlertRuleError.unknownSeverity("page")) {
            try AlertRuleDraft(name: "n", metric: "host_cpu_percent", op: ">", threshold: 1, severity: "page").rule(id: "r", registry: registry)
        }
    }

    @Test func operatorsCompare() {
        #expect(ComparisonOperator.greaterThan.holds(2, 1))
        #expect(!ComparisonOperator.greaterThan.holds(1, 1))
        #expect(ComparisonOperator.greaterThanOrEqual.holds(1, 1))
        #expect(ComparisonOperator.lessThan.holds(0, 1))
        #expect(ComparisonOperator.lessThanOrEqual.holds(1, 1))
        #expect(ComparisonOperator.equal.holds(3, 3))
        #expect(!ComparisonOperator.equal.holds(3, 3.5))
    }

    @Test func errorsReadAsReasons() {
        #expect(AlertRuleError.unknownMetric("x").description == "unknown metric \"x\"")
        #expect(AlertRuleError.negativeDuration(-1).description == "for_seconds must not be negative (got -1.0)")
    }
}
