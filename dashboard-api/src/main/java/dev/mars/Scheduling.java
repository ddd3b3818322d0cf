package dev.mars;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The threads of the live feed's poll and the stats: their own, not the STOMP broker's (which would
 * otherwise run them and whose heartbeats must not wait behind a slow Elasticsearch or Kafka call),
 * and one each, so neither waits on the other.
 */
@Configuration(proxyBeanMethods = false)
class Scheduling {

  @Bean(name = "taskScheduler", destroyMethod = "shutdown")
  ThreadPoolTaskScheduler taskScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(2);
    scheduler.setThreadNamePrefix("mars-poll-");
    scheduler.initialize();
    return scheduler;
  }
}
