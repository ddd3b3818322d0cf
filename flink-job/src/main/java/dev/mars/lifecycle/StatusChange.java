package dev.mars.lifecycle;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A message's status changed: the alert the dashboard shows. Its id is the message's document id
 * and the number of the change, the same however often a replay recomputes it. A Flink POJO.
 */
@TypeInfo(StatusChange.TypeFactory.class)
public class StatusChange {

  private String alertId;
  private String documentId;
  private String appId;
  private String messageId;
  private String from;
  private String to;
  private List<String> missing = new ArrayList<>();
  private List<String> late = new ArrayList<>();
  private long stuckSince = Verdict.NONE;
  private long at;

  public StatusChange() {}

  static String alertId(String documentId, int number) {
    return documentId + "-" + number;
  }

  public String getAlertId() {
    return alertId;
  }

  public void setAlertId(String alertId) {
    this.alertId = alertId;
  }

  public String getDocumentId() {
    return documentId;
  }

  public void setDocumentId(String documentId) {
    this.documentId = documentId;
  }

  public String getAppId() {
    return appId;
  }

  public void setAppId(String appId) {
    this.appId = appId;
  }

  public String getMessageId() {
    return messageId;
  }

  public void setMessageId(String messageId) {
    this.messageId = messageId;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public List<String> getMissing() {
    return missing;
  }

  public void setMissing(List<String> missing) {
    this.missing = missing;
  }

  public List<String> getLate() {
    return late;
  }

  public void setLate(List<String> late) {
    this.late = late;
  }

  /** The earliest deadline of the missing stages, or {@link Verdict#NONE}. */
  public long getStuckSince() {
    return stuckSince;
  }

  public void setStuckSince(long stuckSince) {
    this.stuckSince = stuckSince;
  }

  /** When the change was seen (processing time). */
  public long getAt() {
    return at;
  }

  public void setAt(long at) {
    this.at = at;
  }

  @Override
  public String toString() {
    return alertId + " " + from + " -> " + to + " missing " + missing + " late " + late;
  }

  /** Explicit type information: list fields would otherwise fall back to Kryo. */
  public static class TypeFactory extends TypeInfoFactory<StatusChange> {
    @Override
    public TypeInformation<StatusChange> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return Types.POJO(
          StatusChange.class,
          Map.ofEntries(
              Map.entry("alertId", Types.STRING),
              Map.entry("documentId", Types.STRING),
              Map.entry("appId", Types.STRING),
              Map.entry("messageId", Types.STRING),
              Map.entry("from", Types.STRING),
              Map.entry("to", Types.STRING),
              Map.entry("missing", Types.LIST(Types.STRING)),
              Map.entry("late", Types.LIST(Types.STRING)),
              Map.entry("stuckSince", Types.LONG),
              Map.entry("at", Types.LONG)));
    }
  }
}
