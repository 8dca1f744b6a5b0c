import HTTPTypes

/// What the OpenAPI document says of one route. Routes are registered together with their
/// doc (see `RouteCatalog`), so `/openapi.json` lists exactly the routes that exist.
struct RouteDoc: Sendable {
    /// Who may call a route.
    /// `service`: another Bourse process, with a service token in `X-Bourse-Service`.
    enum Access: String, Sendable { case anonymous, user, admin, service }

    /// One field of a JSON request body.
    struct Field: Sendable {
        let name: String
        let type: String
        let required: Bool
        let description: String
        init(_ name: String, _ type: String = "string", required: Bool = true, _ description: String = "") {
            self.name = name
            self.type = type
            self.required = required
            self.description = description
        }
    }

    let method: HTTPRequest.Method
    let path: String
    let summary: String
    let tag: String
    let access: Access
    var body: [Field] = []
    var query: [Field] = []
    var successStatus: Int = 200
    var errorStatuses: [Int] = []

    /// The body's field names, which `JSONBody.parse` accepts and nothing else.
    var bodyFieldNames: Set<String> { Set(body.map(\.name)) }
}
