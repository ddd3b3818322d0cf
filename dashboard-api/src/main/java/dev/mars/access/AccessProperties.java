package dev.mars.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access control of the dashboard, under {@code mars.access}. It is on when a users file, users or
 * a JWT issuer is configured; off, everything is open to whoever reaches the listener (loopback
 * only, as it ships).
 *
 * @param usersFile the users file (see {@link UsersFile}); none when blank
 * @param users user lines given directly, separated by {@code ;}; none when blank
 * @param appsClaim the JWT claim that lists a caller's apps ({@code *} for all)
 * @param maxConnectionsPerUser live (STOMP) connections one user may hold at once
 * @param maxLiveQueries distinct live queries the server runs at once, for everyone together
 * @param searchesPerSecond searches (and change listings) per second one user may run
 */
@ConfigurationProperties("mars.access")
public record AccessProperties(
    String usersFile,
    String users,
    String appsClaim,
    int maxConnectionsPerUser,
    int maxLiveQueries,
    double searchesPerSecond) {}
