#ifndef KUMO_CRABBITMQ_SHIM_H
#define KUMO_CRABBITMQ_SHIM_H

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_framing.h>

/// `amqp_login` is variadic, which Swift cannot call: SASL PLAIN login with a fixed signature.
static inline amqp_rpc_reply_t kumo_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                                     int channel_max, int frame_max, int heartbeat,
                                                     const char *user, const char *password) {
    return amqp_login(state, vhost, channel_max, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN, user, password);
}

/* Method ids and property flags are cast macros, which do not import into Swift. */
static const amqp_method_number_t kumo_basic_deliver_method = AMQP_BASIC_DELIVER_METHOD;
static const amqp_method_number_t kumo_basic_ack_method = AMQP_BASIC_ACK_METHOD;
static const amqp_method_number_t kumo_basic_nack_method = AMQP_BASIC_NACK_METHOD;
static const amqp_method_number_t kumo_basic_return_method = AMQP_BASIC_RETURN_METHOD;
static const amqp_method_number_t kumo_channel_close_method = AMQP_CHANNEL_CLOSE_METHOD;
static const amqp_method_number_t kumo_connection_close_method = AMQP_CONNECTION_CLOSE_METHOD;
static const amqp_method_number_t kumo_basic_cancel_method = AMQP_BASIC_CANCEL_METHOD;

static const amqp_flags_t kumo_flag_content_type = AMQP_BASIC_CONTENT_TYPE_FLAG;
static const amqp_flags_t kumo_flag_delivery_mode = AMQP_BASIC_DELIVERY_MODE_FLAG;
static const amqp_flags_t kumo_flag_correlation_id = AMQP_BASIC_CORRELATION_ID_FLAG;
static const amqp_flags_t kumo_flag_reply_to = AMQP_BASIC_REPLY_TO_FLAG;
static const amqp_flags_t kumo_flag_expiration = AMQP_BASIC_EXPIRATION_FLAG;
static const amqp_flags_t kumo_flag_message_id = AMQP_BASIC_MESSAGE_ID_FLAG;

#endif
