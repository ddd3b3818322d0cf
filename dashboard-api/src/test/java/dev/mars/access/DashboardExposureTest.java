package dev.mars.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mars.DashboardApplication;
import dev.mars.testing.Infra;
import dev.mars.testing.Listeners;
import java.net.InetAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The dashboard refuses to listen beyond loopback unless users must log in. */
class DashboardExposureTest {

  @Test
  void refusesEveryInterfaceWithoutUsers() {
    Throwable failure = catchThrowable(() -> start("server.address=0.0.0.0").close());

    assertThat(failure).hasRootCauseInstanceOf(ExposedWithoutAccessControl.class);
    assertThat(failure).rootCause().hasMessage("0.0.0.0");
  }

  @Test
  void listensOnEveryInterfaceOnceUsersAreSet() {
    try (ConfigurableApplicationContext context =
        start("server.address=0.0.0.0", "mars.access.users=" + Users.lines())) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();

      assertThat(Listeners.on(port)).isNotEmpty().allMatch(InetAddress::isAnyLocalAddress);
    }
  }

  private static ConfigurableApplicationContext start(String... properties) {
    // Arguments, because they outrank application.properties as an operator's settings do.
    Stream<String> common =
        Stream.of(
            "server.port=0",
            "mars.kafka.bootstrap-servers=127.0.0.1:" + Infra.freePort(),
            "mars.search.hosts=http://127.0.0.1:" + Infra.freePort());
    return new SpringApplicationBuilder(DashboardApplication.class)
        .run(
            Stream.concat(common, Stream.of(properties)).map(p -> "--" + p).toArray(String[]::new));
  }
}
