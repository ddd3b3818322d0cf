package dev.mars.live;

import dev.mars.access.Viewers;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * With access control on, a STOMP connection is authenticated at CONNECT: by the login the
 * WebSocket handshake carried (the dashboard's session), else by the CONNECT frame's {@code
 * login}/{@code passcode} headers or an {@code Authorization: Bearer <jwt>} header. Without them
 * the client gets an ERROR frame and the connection closes. A user holds at most {@code
 * max-connections-per-user} connections at once.
 */
final class StompAuthentication implements ChannelInterceptor {

  private final Viewers viewers;
  private final AuthenticationManager authentication;
  private final int maxConnectionsPerUser;
  private final Consumer<String> refusals;
  private final Map<String, String> userOfSession = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();

  StompAuthentication(
      Viewers viewers,
      AuthenticationManager authentication,
      int maxConnectionsPerUser,
      Consumer<String> refusals) {
    this.viewers = viewers;
    this.authentication = authentication;
    this.maxConnectionsPerUser = maxConnectionsPerUser;
    this.refusals = refusals;
  }

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    StompHeaderAccessor accessor =
        MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
    if (!viewers.accessControl() || accessor == null || accessor.getCommand() == null) {
      return message;
    }
    String session = accessor.getSessionId();
    switch (accessor.getCommand()) {
      case CONNECT, STOMP -> connect(accessor, session);
      case DISCONNECT -> disconnect(session);
      default -> {
        if (!(accessor.getUser() instanceof Authentication user) || !user.isAuthenticated()) {
          throw refuse("unauthenticated", "connect with credentials first");
        }
      }
    }
    return message;
  }

  private void connect(StompHeaderAccessor accessor, String session) {
    Authentication user = authenticated(accessor);
    String name = user.getName();
    AtomicInteger held = connections.computeIfAbsent(name, n -> new AtomicInteger());
    if (held.incrementAndGet() > maxConnectionsPerUser) {
      held.decrementAndGet();
      throw refuse(
          "connection_limit",
          "at most "
              + maxConnectionsPerUser
              + " live connections per user (mars.access.max-connections-per-user)");
    }
    if (session != null) {
      userOfSession.put(session, name);
    }
    accessor.setUser(user);
  }

  private Authentication authenticated(StompHeaderAccessor accessor) {
    Principal handshake = accessor.getUser();
    if (handshake instanceof Authentication known && known.isAuthenticated()) {
      return known;
    }
    String login = accessor.getLogin();
    String passcode = accessor.getPasscode();
    String bearer = accessor.getFirstNativeHeader("Authorization");
    try {
      if (login != null && passcode != null) {
        return authentication.authenticate(
            UsernamePasswordAuthenticationToken.unauthenticated(login, passcode));
      }
      if (bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return authentication.authenticate(
            new BearerTokenAuthenticationToken(bearer.substring(7).strip()));
      }
    } catch (AuthenticationException e) {
      throw refuse("bad_credentials", "the credentials were refused");
    }
    throw refuse(
        "unauthenticated",
        "credentials are required: log in to the dashboard, or send login and passcode (or"
            + " Authorization: Bearer <token>) with CONNECT");
  }

  private void disconnect(String session) {
    String name = session == null ? null : userOfSession.remove(session);
    if (name != null) {
      connections.computeIfPresent(name, (n, held) -> held.decrementAndGet() <= 0 ? null : held);
    }
  }

  private MessageDeliveryException refuse(String reason, String problem) {
    refusals.accept(reason);
    return new MessageDeliveryException(problem);
  }
}
