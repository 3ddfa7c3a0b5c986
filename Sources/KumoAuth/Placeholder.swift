/// Placeholder until the module lands.
enum KumoAuthPlaceholder {}
