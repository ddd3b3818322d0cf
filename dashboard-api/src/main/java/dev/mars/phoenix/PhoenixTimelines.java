package dev.mars.phoenix;

import dev.mars.access.Viewer;
import dev.mars.live.Change;
import dev.mars.live.LiveProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.JsonNode;

/**
 * The joined {@code event_timeline:<message_id>} topics, and what each has been sent: every new
 * event of a message (among the viewer's apps) is pushed once as {@code add_to_timeline}, in time
 * order, as the live feed's index tail finds the version that added it. Events the document held
 * when the topic was joined are not pushed (Mars sent none on join: its page showed them). Pushes
 * are written by a thread of their own, in order, so a client slow to read holds up neither the
 * index tail nor STOMP (and is disconnected after {@code mars.live.send-time-limit}).
 */
@Component
public class PhoenixTimelines {

  private static final Logger LOG = LoggerFactory.getLogger(PhoenixTimelines.class);

  /** One joined topic on one connection. */
  static final class Joined {
    private final WebSocketSession session;
    private final String joinRef;
    private final String topic;
    private final String messageId;
    private final Viewer viewer;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    Joined(
        WebSocketSession session, String joinRef, String topic, String messageId, Viewer viewer) {
      this.session = session;
      this.joinRef = joinRef;
      this.topic = topic;
      this.messageId = messageId;
      this.viewer = viewer;
    }

    String topic() {
      return topic;
    }
  }

  private final Map<String, Set<Joined>> byMessage = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pusher;
  private final Counter dropped;
  private volatile long lastDropLogged;

  public PhoenixTimelines(LiveProperties properties, MeterRegistry meters) {
    this.dropped = meters.counter("mars.phoenix.pushes.dropped");
    this.pusher =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(properties.outboundQueue()),
            runnable -> {
              Thread thread = new Thread(runnable, "phoenix-push");
              thread.setDaemon(true);
              return thread;
            },
            (runnable, executor) -> droppedOne());
  }

  private void droppedOne() {
    dropped.increment();
    long now = System.currentTimeMillis();
    if (now - lastDropLogged > 60_000) {
      lastDropLogged = now;
      LOG.warn(
          "Phoenix pushes dropped: their writer is behind (mars_phoenix_pushes_dropped_total)");
    }
  }

  @PreDestroy
  void stop() {
    pusher.shutdownNow();
  }

  Joined join(
      WebSocketSession session, String joinRef, String topic, String messageId, Viewer viewer) {
    Joined joined = new Joined(session, joinRef, topic, messageId, viewer);
    byMessage.computeIfAbsent(messageId, id -> ConcurrentHashMap.newKeySet()).add(joined);
    return joined;
  }

  /** Marks the events of the documents as they were at the join as already shown. */
  void shown(Joined joined, List<JsonNode> documents) {
    for (JsonNode document : documents) {
      String app = document.path("app_id").asString();
      for (JsonNode event : document.path("events")) {
        joined.sent.add(key(app, event.path("event_id").asString()));
      }
    }
  }

  void leave(Joined joined) {
    byMessage.computeIfPresent(
        joined.messageId,
        (id, joins) -> {
          joins.remove(joined);
          return joins.isEmpty() ? null : joins;
        });
  }

  /** Whether any channel has joined a message's timeline. */
  public boolean watching() {
    return !byMessage.isEmpty();
  }

  /** Pushes the events these versions added to the topics that joined their messages. */
  public void publish(List<Change> fresh) {
    if (byMessage.isEmpty() || fresh.isEmpty()) {
      return;
    }
    List<Change> versions = List.copyOf(fresh);
    pusher.execute(() -> push(versions));
  }

  private void push(List<Change> fresh) {
    for (Change change : fresh) {
      Set<Joined> joins = byMessage.get(change.messageId());
      if (joins == null) {
        continue;
      }
      String app = String.valueOf(change.document().get("app_id"));
      List<Map<String, Object>> events = events(change.document());
      for (Joined joined : joins) {
        if (joined.viewer.allows(app)) {
          send(joined, app, events);
        }
      }
    }
  }

  private void send(Joined joined, String app, List<Map<String, Object>> events) {
    for (Map<String, Object> event : events) {
      if (!joined.sent.add(key(app, String.valueOf(event.get("event_id"))))) {
        continue;
      }
      PhoenixFrame push =
          PhoenixFrame.push(
              joined.joinRef,
              joined.topic,
              "add_to_timeline",
              TimelineEntry.of(
                  String.valueOf(event.get("event")),
                  Instant.parse(String.valueOf(event.get("created_at")))));
      try {
        joined.session.sendMessage(new TextMessage(push.toJson()));
      } catch (IOException | RuntimeException e) {
        close(joined.session); // too slow or gone: the client reconnects and joins again
        return;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(Map<String, Object> document) {
    List<Map<String, Object>> events = new ArrayList<>();
    if (document.get("events") instanceof List<?> list) {
      for (Object event : list) {
        if (event instanceof Map<?, ?> map) {
          events.add((Map<String, Object>) map);
        }
      }
    }
    events.sort(Comparator.comparing(event -> String.valueOf(event.get("created_at"))));
    return events;
  }

  private static String key(String app, String eventId) {
    return app + '\u0000' + eventId;
  }

  private static void close(WebSocketSession session) {
    try {
      session.close(CloseStatus.SESSION_NOT_RELIABLE);
    } catch (IOException | RuntimeException ignored) {
      // already closing
    }
  }
}
