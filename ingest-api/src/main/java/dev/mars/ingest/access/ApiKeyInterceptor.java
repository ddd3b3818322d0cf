package dev.mars.ingest.access;

import dev.mars.ingest.IngestMetrics;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * gRPC's door for ingest keys: metadata {@code x-api-key: <key>} or {@code authorization: Bearer
 * <key>}. Without a known key the call ends UNAUTHENTICATED before a message is read; the grant
 * travels in the call's context.
 */
@Component
@GlobalServerInterceptor
public class ApiKeyInterceptor implements ServerInterceptor {

  private static final Context.Key<AppGrant> GRANT = Context.key("mars-app-grant");
  private static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final IngestKeys keys;
  private final IngestMetrics metrics;

  public ApiKeyInterceptor(IngestKeys keys, IngestMetrics metrics) {
    this.keys = keys;
    this.metrics = metrics;
  }

  /** The current call's grant; everyone's when access control is off. */
  public static AppGrant grant() {
    AppGrant grant = GRANT.get();
    return grant != null ? grant : AppGrant.OPEN;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    if (!keys.enabled() || call.getMethodDescriptor().getServiceName().startsWith("grpc.")) {
      return next.startCall(call, headers); // health and reflection stay open
    }
    String presented = presentedKey(headers);
    Optional<AppGrant> grant = keys.find(presented);
    if (grant.isEmpty()) {
      metrics.rejected("unauthenticated", 1);
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              presented == null
                  ? "an ingest key is required: metadata x-api-key or authorization: Bearer"
                  : "the ingest key is not known"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(
        Context.current().withValue(GRANT, grant.get()), call, headers, next);
  }

  private static String presentedKey(Metadata headers) {
    String key = headers.get(API_KEY);
    if (key != null) {
      return key.strip();
    }
    String authorization = headers.get(AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).strip();
    }
    return null;
  }
}
