import Foundation

/// Renders the route catalog as an OpenAPI 3.1 document.
enum OpenAPIDocument {
    static func render(routes: [RouteDoc], title: String, version: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in routes.sorted(by: { ($0.path, $0.method.rawValue) < ($1.path, $1.method.rawValue) }) {
            var operation: [String: Any] = [
                "summary": route.summary,
                "tags": [route.tag],
                "operationId": operationID(route),
            ]
            var parameters: [[String: Any]] = pathParameters(route.path).map {
                ["name": $0, "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += route.query.map {
                ["name": $0.name, "in": "query", "required": $0.required, "description": $0.description, "schema": ["type": $0.type]]
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if !route.body.isEmpty {
                var properties: [String: Any] = [:]
                for field in route.body {
                    properties[field.name] = ["type": field.type, "description": field.description]
                }
                let required = route.body.filter(\.required).map(\.name)
                var schema: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
                if !required.isEmpty { schema["required"] = required }
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": schema]]]
            }
            var responses: [String: Any] = ["\(route.successStatus)": ["description": "success"]]
            var errors = Set(route.errorStatuses)
            if !route.body.isEmpty || !route.query.isEmpty { errors.insert(400) }
            if route.access != .anonymous { errors.insert(401) }
            if route.access == .admin { errors.insert(403) }
            for status in errors.sorted() {
                responses["\(status)"] = ["description": "error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
            }
            operation["responses"] = responses
            if route.access != .anonymous {
                operation["security"] = [["bearer": [String]()]]
                if route.access == .admin { operation["x-bourse-role"] = "admin" }
                if route.access == .service { operation["x-bourse-role"] = "service (internal: X-Bourse-Service header)" }
            }
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": title, "version": version, "description": "Bourse: a simulated exchange and paper-trading platform. Money, prices and quantities are decimal strings."],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
                "schemas": ["Error": [
                    "type": "object",
                    "required": ["error", "code", "reason"],
                    "properties": ["error": ["type": "boolean"], "code": ["type": "string"], "reason": ["type": "string"]],
                ]],
            ],
        ]
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    static func operationID(_ route: RouteDoc) -> String {
        let words = route.path.split(separator: "/").map { $0.replacingOccurrences(of: "{", with: "by_").replacingOccurrences(of: "}", with: "") }
        return ([route.method.rawValue.lowercased()] + words).joined(separator: "_").replacingOccurrences(of: "-", with: "_")
    }
}
