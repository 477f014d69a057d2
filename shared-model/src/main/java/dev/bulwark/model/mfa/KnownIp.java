package dev.bulwark.model.mfa;

import java.time.Instant;

/**
 * An address a user signed in from with a second factor; sign-ins from it need no second factor.
 *
 * @param ip the IP address
 * @param firstSeenAt the first sign-in from it
 * @param lastSeenAt the latest sign-in from it
 */
public record KnownIp(String ip, Instant firstSeenAt, Instant lastSeenAt) {}
