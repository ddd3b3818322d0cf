package dev.mars.access;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may use the dashboard. Off (nothing configured): open, for this machine's own processes. On
 * (a users file, users, or a JWT issuer configured): a login page and HTTP Basic for users, bearer
 * JWTs from an identity provider, 401 for the API without credentials; the live feed's endpoint
 * stays reachable so that STOMP CONNECT can say why it refuses.
 */
@Configuration
@EnableWebSecurity
@EnableConfigurationProperties(AccessProperties.class)
public class SecurityConfig implements WebMvcConfigurer {

  private final ObjectProvider<Viewers> viewers;

  public SecurityConfig(ObjectProvider<Viewers> viewers) {
    this.viewers = viewers;
  }

  @Bean
  UsersFile usersFile(AccessProperties properties) {
    return new UsersFile(properties.usersFile(), properties.users());
  }

  @Bean
  Viewers viewers(UsersFile users, ObjectProvider<JwtDecoder> jwt) {
    return new Viewers(users.configured() || jwt.getIfAvailable() != null);
  }

  @Bean
  JwtAuthenticationConverter jwtAuthenticationConverter(AccessProperties properties) {
    JwtGrantedAuthoritiesConverter apps = new JwtGrantedAuthoritiesConverter();
    apps.setAuthoritiesClaimName(properties.appsClaim());
    apps.setAuthorityPrefix(Viewers.APP_PREFIX);
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(apps);
    return converter;
  }

  /** One manager for every door: the login page, HTTP Basic, and STOMP CONNECT. */
  @Bean
  AuthenticationManager authenticationManager(
      UsersFile users, ObjectProvider<JwtDecoder> jwt, JwtAuthenticationConverter converter) {
    List<AuthenticationProvider> providers = new ArrayList<>();
    DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
    passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    providers.add(passwords);
    JwtDecoder decoder = jwt.getIfAvailable();
    if (decoder != null) {
      JwtAuthenticationProvider tokens = new JwtAuthenticationProvider(decoder);
      tokens.setJwtAuthenticationConverter(converter);
      providers.add(tokens);
    }
    return new ProviderManager(providers);
  }

  @Bean
  SecurityFilterChain dashboardSecurity(
      HttpSecurity http,
      Viewers viewers,
      AccessProperties properties,
      ObjectProvider<JwtDecoder> jwt,
      JwtAuthenticationConverter converter)
      throws Exception {
    if (!viewers.accessControl()) {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .csrf(csrf -> csrf.disable())
          .build();
    }
    PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(
                        path.matcher("/actuator/health"),
                        path.matcher("/actuator/health/**"),
                        path.matcher("/status"),
                        path.matcher("/login"),
                        path.matcher("/error"),
                        path.matcher("/ws"),
                        path.matcher("/ws/**"))
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(Customizer.withDefaults())
        .httpBasic(basic -> basic.realmName("mars-dashboard"))
        .exceptionHandling(
            errors ->
                errors
                    .defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), path.matcher("/api/**"))
                    .defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        path.matcher("/actuator/**")))
        .addFilterAfter(
            new SearchRateLimit(properties.searchesPerSecond()), BasicAuthenticationFilter.class);
    if (jwt.getIfAvailable() != null) {
      http.oauth2ResourceServer(
          resource -> resource.jwt(token -> token.jwtAuthenticationConverter(converter)));
    }
    return http.build();
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new ViewerArguments(viewers.getObject()));
  }
}
