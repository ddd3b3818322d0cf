package dev.mars.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SendTimeTest {

  private static final long BUILT = Instant.parse("2026-11-26T07:00:00Z").toEpochMilli();
  private static final long SENT = Instant.parse("2026-11-26T07:01:30.5Z").toEpochMilli();

  @Test
  void writesTheTimeOfSendingIntoTheSlotTheDocumentLeft() throws Exception {
    byte[] json =
        ("{\"message_id\":\"m\",\"updated_at\":\"" + SendTime.format(BUILT) + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(sent(json, SendTime.find(json)))
        .isEqualTo("{\"message_id\":\"m\",\"updated_at\":\"2026-11-26T07:01:30.500Z\"}");
  }

  @Test
  void takesTheDocumentsOwnFieldNotAClientsOfTheSameName() throws Exception {
    String stamp = SendTime.format(BUILT);
    byte[] json =
        ("{\"attributes\":{\"updated_at\":\"" + stamp + "\"},\"updated_at\":\"" + stamp + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(sent(json, SendTime.find(json)))
        .isEqualTo(
            "{\"attributes\":{\"updated_at\":\""
                + stamp
                + "\"},\"updated_at\":\"2026-11-26T07:01:30.500Z\"}");
  }

  @Test
  void leavesADocumentWithoutTheSlotAsItIs() throws Exception {
    byte[] json = "{\"updated_at\":\"2026-11-26T07:00:00Z\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(SendTime.find(json)).isEqualTo(-1);
    assertThat(sent(json, -1)).isEqualTo(new String(json, StandardCharsets.UTF_8));
  }

  @Test
  void formatsEveryTimeToTheSameWidth() {
    assertThat(SendTime.format(BUILT))
        .hasSize(SendTime.LENGTH)
        .isEqualTo("2026-11-26T07:00:00.000Z");
  }

  private static String sent(byte[] json, int at) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SendTime.write(out, json, at, SENT);
    return out.toString(StandardCharsets.UTF_8);
  }
}
