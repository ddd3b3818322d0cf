package dev.mars.live;

import java.util.function.Supplier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Answers a SUBSCRIBE that asks for a receipt once the broker has registered it, which Spring's
 * simple broker does not do by itself. A client that waits for the receipt before reading the
 * current document cannot miss a change in between.
 */
final class SubscriptionReceipts implements ExecutorChannelInterceptor {

  private final Supplier<MessageChannel> clientOutbound;

  SubscriptionReceipts(Supplier<MessageChannel> clientOutbound) {
    this.clientOutbound = clientOutbound;
  }

  @Override
  public void afterMessageHandled(
      Message<?> message, MessageChannel channel, MessageHandler handler, Exception failure) {
    if (failure != null || !(handler instanceof SimpleBrokerMessageHandler)) {
      return;
    }
    StompHeaderAccessor subscribe = StompHeaderAccessor.wrap(message);
    if (subscribe.getCommand() != StompCommand.SUBSCRIBE || subscribe.getReceipt() == null) {
      return;
    }
    StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
    receipt.setReceiptId(subscribe.getReceipt());
    receipt.setSessionId(subscribe.getSessionId());
    clientOutbound
        .get()
        .send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
  }
}
