package dev.mars.live;

import dev.mars.search.InvalidRequestException;
import dev.mars.search.MessageSearch;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Refuses every frame a client SENDs (all destinations are the server's), bounds the subscriptions
 * of one connection, and turns a subscription to {@code /topic/messages} that carries a {@code
 * query} header into a filtered live view: the query is checked like a search's and run once in
 * Elasticsearch (an invalid one gets an ERROR frame naming the problem), and the subscription moved
 * to that query's destination, which the tailer feeds with the changes the query matches.
 */
final class LiveSubscriptions implements ChannelInterceptor {

  static final String QUERY_HEADER = "query";
  private static final String UNFILTERED = "";

  private final MessageSearch search;
  private final IndexReader index;
  private final LiveFilters filters;
  private final int maxPerConnection;
  private final FramesInFlight framesInFlight;
  private final Consumer<String> refusals;

  /** Per session: subscription id → filter key ("" for a subscription without a filter). */
  private final Map<String, Map<String, String>> subscriptions = new ConcurrentHashMap<>();

  LiveSubscriptions(
      MessageSearch search,
      IndexReader index,
      LiveFilters filters,
      int maxPerConnection,
      FramesInFlight framesInFlight,
      Consumer<String> refusals) {
    this.framesInFlight = framesInFlight;
    this.refusals = refusals;
    this.search = search;
    this.index = index;
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
        try {
          return subscribe(message, accessor, session);
        } catch (Refused refused) {
          refusals.accept(refused.reason);
          awaitFramesInFlight(session);
          // Spring answers with an ERROR frame and closes the connection.
          throw new MessageDeliveryException(refused.getMessage());
        }
      }
      case SEND -> {
        // Every destination is the server's: a client's frame there would reach every
        // subscriber as if Mars had sent it (a forged alert).
        refusals.accept("send");
        awaitFramesInFlight(session);
        throw new MessageDeliveryException(
            "clients may not send to " + accessor.getDestination() + "; Mars only publishes");
      }
      case UNSUBSCRIBE -> unsubscribe(session, accessor.getSubscriptionId());
      case DISCONNECT -> disconnect(session);
      default -> {}
    }
    return message;
  }

  private Message<?> subscribe(Message<?> message, StompHeaderAccessor accessor, String session) {
    String id = accessor.getSubscriptionId();
    Map<String, String> held = subscriptions.computeIfAbsent(session, s -> new HashMap<>());
    synchronized (held) {
      if (id == null || held.containsKey(id)) {
        throw new Refused("subscription_id", "subscription id " + id + " is missing or in use");
      }
      if (held.size() >= maxPerConnection) {
        throw new Refused(
            "subscription_limit", "at most " + maxPerConnection + " subscriptions per connection");
      }
      String query = accessor.getFirstNativeHeader(QUERY_HEADER);
      if (!"/topic/messages".equals(accessor.getDestination())
          || query == null
          || query.isBlank()) {
        held.put(id, UNFILTERED);
        return message;
      }
      String key = filters.add(query, checked(query));
      held.put(id, key);
      accessor.setDestination(LiveFilters.DESTINATION_PREFIX + key);
      return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
    }
  }

  private JsonNode checked(String query) {
    try {
      JsonNode compiled = search.query(query, null);
      index.check(compiled);
      return compiled;
    } catch (InvalidRequestException e) {
      throw new Refused("invalid_query", e.parameter() + ": " + e.getMessage());
    } catch (IOException e) {
      throw new Refused(
          "elasticsearch_unavailable", "Elasticsearch is not available: " + e.getMessage());
    }
  }

  /**
   * Lets the frames already on their way to this client be written before the ERROR: written while
   * another frame was, the ERROR would wait in the session's buffer and be lost with the close that
   * follows it at once.
   */
  private void awaitFramesInFlight(String session) {
    try {
      framesInFlight.awaitNone(session, Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Why a SUBSCRIBE is refused. */
  private static final class Refused extends RuntimeException {
    final String reason;

    /**
     * @param reason the kind of refusal, as counted in {@code mars.live.subscriptions.refused}
     */
    Refused(String reason, String problem) {
      super(problem);
      this.reason = reason;
    }
  }

  private void unsubscribe(String session, String id) {
    Map<String, String> held = subscriptions.get(session);
    if (held == null || id == null) {
      return;
    }
    synchronized (held) {
      String key = held.remove(id);
      if (key != null && !key.equals(UNFILTERED)) {
        filters.remove(key);
      }
    }
  }

  private void disconnect(String session) {
    framesInFlight.forget(session);
    Map<String, String> held = subscriptions.remove(session);
    if (held == null) {
      return;
    }
    synchronized (held) {
      held.values().stream().filter(key -> !key.equals(UNFILTERED)).forEach(filters::remove);
    }
  }
}
