package dev.mars.phoenix;

import dev.mars.live.BlockingSendTimeout;
import dev.mars.live.LiveProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Mars's Phoenix endpoint: {@code /socket}, which Phoenix clients open as {@code
 * /socket/websocket?vsn=2.0.0}. Same origins as the STOMP feed; behind the dashboard's login when
 * access control is on.
 */
@Configuration
@EnableWebSocket
class PhoenixConfig implements WebSocketConfigurer {

  private final PhoenixSocketHandler handler;
  private final LiveProperties properties;

  PhoenixConfig(PhoenixSocketHandler handler, LiveProperties properties) {
    this.handler = handler;
    this.properties = properties;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(
            new BlockingSendTimeout(handler, properties.sendTimeLimit()), "/socket/websocket")
        .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
  }
}
