package dev.mars.progress;

/** A heartbeat for one partition: the partition, and when it was written. A Flink POJO. */
public class PartitionTick {

  private int partition;
  private long writtenAt;

  public PartitionTick() {}

  public PartitionTick(int partition, long writtenAt) {
    this.partition = partition;
    this.writtenAt = writtenAt;
  }

  public int getPartition() {
    return partition;
  }

  public void setPartition(int partition) {
    this.partition = partition;
  }

  public long getWrittenAt() {
    return writtenAt;
  }

  public void setWrittenAt(long writtenAt) {
    this.writtenAt = writtenAt;
  }
}
