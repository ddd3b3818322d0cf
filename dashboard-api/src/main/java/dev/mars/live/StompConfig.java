package dev.mars.live;

import dev.mars.access.AccessProperties;
import dev.mars.access.Viewers;
import dev.mars.search.MessageSearch;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP over WebSocket at {@code /ws}; changes are pushed on {@code /topic/...}. A client too slow
 * to take its frames is disconnected rather than allowed to hold the feed up.
 */
@Configuration
@EnableWebSocketMessageBroker
public class StompConfig implements WebSocketMessageBrokerConfigurer {

  private final LiveProperties properties;
  private final BeanFactory beans;
  private final MessageSearch search;
  private final LiveFilters filters;
  private final IndexReader index;
  private final MeterRegistry meters;
  private final AlertScopes alertScopes;
  private final Viewers viewers;
  private final AuthenticationManager authentication;
  private final AccessProperties access;
  private final FeedAudience audience;
  private final OutboundFrames outboundFrames = new OutboundFrames();
  private final FramesInFlight framesInFlight = new FramesInFlight();

  public StompConfig(
      LiveProperties properties,
      BeanFactory beans,
      MessageSearch search,
      LiveFilters filters,
      IndexReader index,
      MeterRegistry meters,
      AlertScopes alertScopes,
      Viewers viewers,
      AuthenticationManager authentication,
      AccessProperties access,
      FeedAudience audience) {
    this.audience = audience;
    this.alertScopes = alertScopes;
    this.viewers = viewers;
    this.authentication = authentication;
    this.access = access;
    this.meters = meters;
    this.properties = properties;
    this.beans = beans;
    this.search = search;
    this.filters = filters;
    this.index = index;
  }

  @Override
  public void configureClientInboundChannel(ChannelRegistration registration) {
    registration.interceptors(
        new StompAuthentication(
            viewers,
            authentication,
            access.maxConnectionsPerUser(),
            reason ->
                meters.counter("mars.live.connections.refused", "reason", reason).increment()),
        new LiveSubscriptions(
            search,
            index,
            filters,
            alertScopes,
            viewers,
            properties.maxSubscriptions(),
            access.maxLiveQueries(),
            framesInFlight,
            audience,
            reason ->
                meters.counter("mars.live.subscriptions.refused", "reason", reason).increment()),
        new SubscriptionReceipts(
            () -> beans.getBean("clientOutboundChannel", MessageChannel.class)));
  }

  @Override
  public void configureClientOutboundChannel(ChannelRegistration registration) {
    registration.executor(liveOutboundExecutor()).interceptors(framesInFlight);
  }

  /** A bean, so that Spring starts and stops it. */
  @Bean
  ThreadPoolTaskExecutor liveOutboundExecutor() {
    return outboundFrames.executor(properties.outboundThreads(), properties.outboundQueue());
  }

  @Bean
  OutboundFrames outboundFrames() {
    FunctionCounter.builder("mars.live.frames.dropped", outboundFrames, OutboundFrames::dropped)
        .description("STOMP frames dropped because the outbound queue was full")
        .register(meters);
    return outboundFrames;
  }

  @Override
  public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
    registration
        .setSendTimeLimit((int) properties.sendTimeLimit().toMillis())
        .setSendBufferSizeLimit(properties.sendBufferSize())
        .addDecoratorFactory(
            handler -> new BlockingSendTimeout(handler, properties.sendTimeLimit()));
  }

  @Override
  public void configureMessageBroker(MessageBrokerRegistry registry) {
    registry.enableSimpleBroker("/topic");
    registry.setApplicationDestinationPrefixes("/app");
  }

  @Override
  public void registerStompEndpoints(StompEndpointRegistry registry) {
    registry
        .addEndpoint("/ws")
        .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
  }
}
