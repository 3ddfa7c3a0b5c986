import Hummingbird

extension Router where Context == KumoRequestContext {
    /// A router whose every route, and its 404, answers with a request id and errors in `errorStyle`.
    ///
    /// Adds ``RequestIDMiddleware`` then ``OpenStackErrorMiddleware``; add routes and further middleware
    /// (authentication) after.
    public convenience init(errorStyle: ErrorBodyStyle, options: RouterOptions = []) {
        self.init(context: KumoRequestContext.self, options: options)
        add(middleware: RequestIDMiddleware())
        add(middleware: OpenStackErrorMiddleware(style: errorStyle))
    }
}
