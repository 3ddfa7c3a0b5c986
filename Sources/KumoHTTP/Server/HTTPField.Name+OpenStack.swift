import HTTPTypes

extension HTTPField.Name {
    /// `X-Openstack-Request-Id`, spelled as Keystone and Nova answer it.
    public static var openStackRequestID: Self { .init("X-Openstack-Request-Id")! }
    /// `X-Auth-Token`, the token a client sends.
    public static var authToken: Self { .init("X-Auth-Token")! }
    /// `X-Subject-Token`, the token Keystone issues or checks.
    public static var subjectToken: Self { .init("X-Subject-Token")! }
    /// W3C trace context.
    static var traceparent: Self { .init("traceparent")! }
}
