package dev.mars.lifecycle;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** Type information shared by the lifecycle's records and state. */
final class MessageTypes {

  static final TypeInformation<List<RecordedEvent>> EVENT_LIST =
      Types.LIST(Types.POJO(RecordedEvent.class));

  static final TypeInformation<List<RecordedChange>> CHANGE_LIST =
      Types.LIST(TypeInformation.of(RecordedChange.class));

  private MessageTypes() {}
}
