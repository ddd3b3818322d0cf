package dev.mars.search;

import org.elasticsearch.client.RestHighLevelClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Elasticsearch 7 high-level REST client, with every call bounded by the timeout. */
@Configuration(proxyBeanMethods = false)
public class ElasticsearchClient {

  @Bean(destroyMethod = "close")
  @SuppressWarnings("deprecation") // the 7.x high-level client is the one that speaks to 7.17
  RestHighLevelClient restHighLevelClient(SearchProperties properties) {
    int timeoutMs = (int) properties.timeout().toMillis();
    return new RestHighLevelClient(
        properties
            .elasticsearch()
            .builder()
            .setRequestConfigCallback(
                config -> config.setConnectTimeout(timeoutMs).setSocketTimeout(timeoutMs)));
  }
}
