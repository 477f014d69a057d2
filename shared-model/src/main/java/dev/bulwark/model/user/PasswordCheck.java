package dev.bulwark.model.user;

/**
 * How a candidate password fares against the password policy, for live feedback while it is typed. The server
 * checks again when the password is actually set.
 *
 * @param acceptable whether the policy would accept it
 * @param score the strength estimate from 0 (guessed at once) to 4 (very hard to guess); 0 when a rule refuses it
 * @param message why it is refused, or a short note on its strength when accepted
 */
public record PasswordCheck(boolean acceptable, int score, String message) {}
