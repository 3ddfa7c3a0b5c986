import KumoCore
import Logging
import ServiceLifecycle

/// Consumes a topic (or a fanout group) and answers each request with its dispatcher's handler.
///
/// Requests run concurrently, up to the bus's prefetch; each is acknowledged after its handler returns
/// and its reply is sent. A message id seen before is acknowledged without running again.
public struct RPCServer: Service {
    let bus: Bus
    let binding: Bus.Binding
    let dispatcher: RPCDispatcher
    let logger: Logger

    public init(bus: Bus, binding: Bus.Binding, dispatcher: RPCDispatcher, logger: Logger) {
        self.bus = bus
        self.binding = binding
        self.dispatcher = dispatcher
        self.logger = logger
    }

    public func run() async throws {
        let subscription = bus.subscribe(binding)
        var seen = DedupWindow()
        await withDiscardingTaskGroup { group in
            for await delivery in subscription.cancelOnGracefulShutdown() {
                if let id = delivery.messageID, !seen.insert(id) {
                    bus.acknowledge(delivery)
                    continue
                }
                group.addTask {
                    let outcome = await dispatcher.dispatch(delivery.body)
                    if delivery.replyTo == nil, let error = outcome.error {
                        logger.warning(
                            "cast failed",
                            metadata: [
                                "rpc.method": "\(outcome.header?.method ?? "?")",
                                "request.id": "\(outcome.header?.context.requestID ?? "?")",
                                "error": "\(error.message)",
                            ])
                    }
                    bus.reply(to: delivery, body: outcome.reply)
                    bus.acknowledge(delivery)
                }
            }
        }
    }
}
