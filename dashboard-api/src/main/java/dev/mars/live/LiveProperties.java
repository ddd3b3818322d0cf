package dev.mars.live;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The live feed, under {@code mars.live}.
 *
 * @param pollInterval how often the index is asked for changes
 * @param overlap how far back each poll looks behind the newest change seen: covers Elasticsearch's
 *     refresh interval and documents that become visible after later ones
 * @param maxOverlap how far the overlap may widen when versions become visible late ({@link
 *     LiveOverlap})
 * @param overlapHold how long a widened overlap stays after the last late version
 * @param maxHold how far behind the newest change the job's sink may hold the look-back ({@link
 *     SinkWatermark})
 * @param pageSize documents read per request while catching up
 * @param allowedOrigins origin patterns allowed to open the WebSocket
 * @param maxSubscriptions subscriptions one connection may hold
 * @param sendTimeLimit a client that has not taken a frame for this long is disconnected
 * @param sendBufferSize a client with this many bytes waiting is disconnected
 * @param outboundThreads threads that write frames to clients
 * @param outboundQueue frames waiting for those threads at most; past it, frames are dropped
 */
@ConfigurationProperties("mars.live")
public record LiveProperties(
    Duration pollInterval,
    Duration overlap,
    Duration maxOverlap,
    Duration overlapHold,
    Duration maxHold,
    int pageSize,
    List<String> allowedOrigins,
    int maxSubscriptions,
    Duration sendTimeLimit,
    int sendBufferSize,
    int outboundThreads,
    int outboundQueue) {}
