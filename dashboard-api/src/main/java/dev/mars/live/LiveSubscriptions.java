package dev.mars.live;

import dev.mars.access.Viewer;
import dev.mars.access.Viewers;
import dev.mars.search.InvalidRequestException;
import dev.mars.search.MessageSearch;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>A viewer granted some apps only never subscribes to a shared feed: {@code /topic/messages},
 * {@code /topic/messages.<id>} and {@code /topic/alerts} are moved to views of their apps, and any
 * other destination is refused (a view's key is not a secret to guess).
 */
final class LiveSubscriptions implements ChannelInterceptor {

  static final String QUERY_HEADER = "query";
  private static final String UNFILTERED = "";
  private static final String MESSAGES = "messages";
  private static final String ALERTS = "alerts:";

  private final MessageSearch search;
  private final IndexReader index;
  private final LiveFilters filters;
  private final int maxPerConnection;
  private final int maxLiveQueries;
  private final Viewers viewers;
  private final AlertScopes alertScopes;
  private final FramesInFlight framesInFlight;
  private final Consumer<String> refusals;
  private final FeedAudience audience;

  /**
   * Per session: subscription id → filter key ("" for a subscription without a filter, {@code
   * messages} for an unfiltered message feed).
   */
  private final Map<String, Map<String, String>> subscriptions = new ConcurrentHashMap<>();

  LiveSubscriptions(
      MessageSearch search,
      IndexReader index,
      LiveFilters filters,
      AlertScopes alertScopes,
      Viewers viewers,
      int maxPerConnection,
      int maxLiveQueries,
      FramesInFlight framesInFlight,
      FeedAudience audience,
      Consumer<String> refusals) {
    this.audience = audience;
    this.alertScopes = alertScopes;
    this.viewers = viewers;
    this.maxLiveQueries = maxLiveQueries;
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
      Viewer viewer = viewers.of(accessor.getUser());
      String destination = String.valueOf(accessor.getDestination());
      String query = accessor.getFirstNativeHeader(QUERY_HEADER);
      boolean filtered = query != null && !query.isBlank();
      String moved;
      if (viewer.everyApp()) {
        boolean messages =
            destination.equals("/topic/messages") || destination.startsWith("/topic/messages.");
        if (!destination.equals("/topic/messages") || !filtered) {
          held.put(id, messages ? MESSAGES : UNFILTERED);
          if (messages) {
            audience.subscribed();
          }
          return message;
        }
        String key = LiveFilters.keyOf(query.strip());
        moved = view(key, null, null, checked(query, viewer));
        held.put(id, key);
      } else if (destination.equals("/topic/messages")) {
        String key = LiveFilters.keyOf(viewer.scopeKey(), filtered ? query.strip() : "");
        moved = view(key, viewer.apps(), null, filtered ? checked(query, viewer) : null);
        held.put(id, key);
      } else if (destination.startsWith("/topic/messages.")) {
        String messageId = destination.substring("/topic/messages.".length());
        String key = LiveFilters.keyOf(viewer.scopeKey(), "message", messageId);
        moved = view(key, viewer.apps(), messageId, null);
        held.put(id, key);
      } else if (destination.equals("/topic/alerts")) {
        String scope = viewer.scopeKey();
        alertScopes.add(scope, viewer.apps());
        held.put(id, ALERTS + scope);
        moved = AlertScopes.DESTINATION_PREFIX + scope;
      } else if (destination.equals("/topic/stats")) {
        held.put(id, UNFILTERED);
        return message;
      } else {
        throw new Refused(
            "destination",
            destination
                + " is not a feed; subscribe to /topic/messages, /topic/messages.<message_id>,"
                + " /topic/alerts or /topic/stats");
      }
      accessor.setDestination(moved);
      return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
    }
  }

  /** Joins or opens a view, within the cap on distinct views; returns its destination. */
  private String view(String key, Set<String> apps, String messageId, JsonNode query) {
    if (!filters.add(key, apps, messageId, query, maxLiveQueries)) {
      throw new Refused(
          "live_query_limit",
          "the server runs at most "
              + maxLiveQueries
              + " distinct live views (mars.access.max-live-queries); try again later");
    }
    return LiveFilters.DESTINATION_PREFIX + key;
  }

  private JsonNode checked(String query, Viewer viewer) {
    try {
      JsonNode compiled = search.query(query, null, viewer);
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
      release(held.remove(id));
    }
  }

  private void disconnect(String session) {
    framesInFlight.forget(session);
    Map<String, String> held = subscriptions.remove(session);
    if (held == null) {
      return;
    }
    synchronized (held) {
      held.values().forEach(this::release);
    }
  }

  private void release(String key) {
    if (key == null || key.equals(UNFILTERED)) {
      return;
    }
    if (key.equals(MESSAGES)) {
      audience.unsubscribed();
      return;
    }
    if (key.startsWith(ALERTS)) {
      alertScopes.remove(key.substring(ALERTS.length()));
    } else {
      filters.remove(key);
    }
  }
}
