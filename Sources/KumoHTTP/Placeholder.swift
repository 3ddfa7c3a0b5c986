/// Placeholder until the module lands.
enum KumoHTTPPlaceholder {}
