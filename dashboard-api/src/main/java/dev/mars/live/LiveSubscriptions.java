package dev.mars.live;

import dev.mars.search.InvalidRequestException;
import dev.mars.search.MessageSearch;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Bounds the subscriptions of one connection, and turns a subscription to {@code /topic/messages}
 * that carries a {@code query} header into a filtered live view: the query is checked like a
 * search's (an invalid one gets an ERROR frame naming the problem) and the subscription moved to
 * that query's destination, which the tailer feeds with the changes the query matches.
 */
final class LiveSubscriptions implements ChannelInterceptor {

  static final String QUERY_HEADER = "query";

  private final MessageSearch search;
  private final LiveFilters filters;
  private final int maxPerConnection;
  private final Map<String, Map<String, String>> filterKeysBySession = new ConcurrentHashMap<>();
  private final Map<String, Integer> countBySession = new ConcurrentHashMap<>();

  LiveSubscriptions(MessageSearch search, LiveFilters filters, int maxPerConnection) {
    this.search = search;
    this.filters = filters;
    this.maxPerConnection = maxPerConnection;
  }

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
    StompCommand command = accessor.getCommand();
    String session = accessor.getSessionId();
    if (command == null || session == null) {
      return message;
    }
    switch (command) {
      case SUBSCRIBE -> {
        return subscribe(message, accessor, session);
      }
      case UNSUBSCRIBE -> unsubscribe(session, accessor.getSubscriptionId());
      case DISCONNECT -> disconnect(session);
      default -> {}
    }
    return message;
  }

  private Message<?> subscribe(Message<?> message, StompHeaderAccessor accessor, String session) {
    int count = countBySession.merge(session, 1, Integer::sum);
    if (count > maxPerConnection) {
      countBySession.merge(session, -1, Integer::sum);
      throw new MessageDeliveryException(
          "at most " + maxPerConnection + " subscriptions per connection");
    }
    String query = accessor.getFirstNativeHeader(QUERY_HEADER);
    if (!"/topic/messages".equals(accessor.getDestination()) || query == null || query.isBlank()) {
      return message;
    }
    String key;
    try {
      key = filters.add(query, search.query(query, null));
    } catch (InvalidRequestException e) {
      countBySession.merge(session, -1, Integer::sum);
      throw new MessageDeliveryException(e.parameter() + ": " + e.getMessage());
    }
    filterKeysBySession
        .computeIfAbsent(session, s -> new HashMap<>())
        .put(accessor.getSubscriptionId(), key);
    accessor.setDestination(LiveFilters.DESTINATION_PREFIX + key);
    return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
  }

  private void unsubscribe(String session, String subscription) {
    countBySession.computeIfPresent(session, (s, n) -> n <= 1 ? null : n - 1);
    Map<String, String> keys = filterKeysBySession.get(session);
    if (keys != null) {
      String key = keys.remove(subscription);
      if (key != null) {
        filters.remove(key);
      }
    }
  }

  private void disconnect(String session) {
    countBySession.remove(session);
    Map<String, String> keys = filterKeysBySession.remove(session);
    if (keys != null) {
      keys.values().forEach(filters::remove);
    }
  }
}
