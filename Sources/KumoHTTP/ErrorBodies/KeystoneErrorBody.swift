import HTTPTypes

/// `{"error": {"code": 404, "title": "Not Found", "message": "…"}}`, as keystone/exception.py renders it.
struct KeystoneErrorBody: Encodable {
    struct Detail: Encodable {
        var code: Int
        var title: String
        var message: String
    }

    var error: Detail

    init(status: HTTPResponse.Status, message: String) {
        self.error = Detail(code: status.code, title: status.openStackReasonPhrase, message: message)
    }
}
