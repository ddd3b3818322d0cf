package dev.mars.phoenix;

import dev.mars.access.Viewer;
import dev.mars.access.Viewers;
import dev.mars.live.LiveProperties;
import dev.mars.search.MessageDocuments;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/**
 * Mars's Phoenix socket ({@code /socket/websocket}, serializer 2.0.0): heartbeats, joining and
 * leaving {@code event_timeline:<message_id>} and the {@code ping} Mars's channel answered. A join
 * is answered as Mars did, with the topic as the response. A frame that is not Phoenix's closes the
 * connection with the reason; a topic Mars did not have is answered {@code unmatched topic}.
 */
@Component
class PhoenixSocketHandler extends TextWebSocketHandler {

  private static final Logger LOG = LoggerFactory.getLogger(PhoenixSocketHandler.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String JOINS = "mars.phoenix.joins";
  private static final String SENDER = "mars.phoenix.sender";
  private static final int DOCUMENTS_PER_MESSAGE_ID = 10;

  private final PhoenixTimelines timelines;
  private final MessageDocuments documents;
  private final Viewers viewers;
  private final LiveProperties properties;
  private final MeterRegistry meters;

  PhoenixSocketHandler(
      PhoenixTimelines timelines,
      MessageDocuments documents,
      Viewers viewers,
      LiveProperties properties,
      MeterRegistry meters) {
    this.timelines = timelines;
    this.documents = documents;
    this.viewers = viewers;
    this.properties = properties;
    this.meters = meters;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    session
        .getAttributes()
        .put(
            SENDER,
            new ConcurrentWebSocketSessionDecorator(
                session, (int) properties.sendTimeLimit().toMillis(), properties.sendBufferSize()));
    session.getAttributes().put(JOINS, new ConcurrentHashMap<String, PhoenixTimelines.Joined>());
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message)
      throws IOException {
    PhoenixFrame frame;
    try {
      frame = PhoenixFrame.parse(message.getPayload());
    } catch (IllegalArgumentException e) {
      meters.counter("mars.phoenix.frames.refused").increment();
      session.close(CloseStatus.BAD_DATA.withReason(e.getMessage()));
      return;
    }
    Map<String, PhoenixTimelines.Joined> joins = joins(session);
    WebSocketSession sender = sender(session);
    if (frame.topic().equals("phoenix") && frame.event().equals("heartbeat")) {
      answer(sender, PhoenixFrame.reply(frame, "ok", NODES.objectNode()));
    } else if (frame.event().equals("phx_join")) {
      join(session, sender, frame, joins);
    } else if (frame.event().equals("phx_leave")) {
      PhoenixTimelines.Joined joined = joins.remove(frame.topic());
      if (joined != null) {
        timelines.leave(joined);
      }
      answer(sender, PhoenixFrame.reply(frame, "ok", NODES.objectNode()));
    } else if (!joins.containsKey(frame.topic())) {
      answer(sender, error(frame, "unmatched topic"));
    } else if (frame.event().equals("ping")) {
      answer(sender, PhoenixFrame.reply(frame, "ok", frame.payload()));
    } else {
      answer(sender, error(frame, "unknown event"));
    }
  }

  private void join(
      WebSocketSession session,
      WebSocketSession sender,
      PhoenixFrame frame,
      Map<String, PhoenixTimelines.Joined> joins)
      throws IOException {
    String messageId = TimelineTopic.messageId(frame.topic()).orElse(null);
    if (messageId == null) {
      answer(sender, error(frame, "unmatched topic"));
      return;
    }
    PhoenixTimelines.Joined before = joins.remove(frame.topic());
    if (before != null) {
      timelines.leave(before); // joined again: the newer join replaces it, as in Phoenix
    }
    if (joins.size() >= properties.maxSubscriptions()) {
      answer(
          sender, error(frame, "too many joined topics; at most " + properties.maxSubscriptions()));
      return;
    }
    Viewer viewer = viewers.of(session.getPrincipal());
    PhoenixTimelines.Joined joined =
        timelines.join(sender, frame.joinRef(), frame.topic(), messageId, viewer);
    try {
      timelines.shown(joined, documents.all(messageId, viewer, DOCUMENTS_PER_MESSAGE_ID));
    } catch (IOException | RuntimeException e) {
      timelines.leave(joined);
      LOG.warn("A timeline join failed: cannot read Elasticsearch: {}", e.getMessage());
      answer(sender, error(frame, "timeline unavailable, retry"));
      return;
    }
    joins.put(frame.topic(), joined);
    answer(sender, PhoenixFrame.reply(frame, "ok", StringNode.valueOf(frame.topic())));
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    Map<String, PhoenixTimelines.Joined> joins = joins(session);
    if (joins != null) {
      joins.values().forEach(timelines::leave);
      joins.clear();
    }
  }

  private static PhoenixFrame error(PhoenixFrame frame, String reason) {
    JsonNode response = NODES.objectNode().put("reason", reason);
    return PhoenixFrame.reply(frame, "error", response);
  }

  private static void answer(WebSocketSession sender, PhoenixFrame frame) throws IOException {
    sender.sendMessage(new TextMessage(frame.toJson()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, PhoenixTimelines.Joined> joins(WebSocketSession session) {
    return (Map<String, PhoenixTimelines.Joined>) session.getAttributes().get(JOINS);
  }

  private static WebSocketSession sender(WebSocketSession session) {
    return (WebSocketSession) session.getAttributes().get(SENDER);
  }
}
