package dev.bulwark.model.forward;

/**
 * What sending one test message to a destination found.
 *
 * @param ok whether the receiver accepted it
 * @param detail what happened, in one sentence
 */
public record ForwardTestResult(boolean ok, String detail) {}
