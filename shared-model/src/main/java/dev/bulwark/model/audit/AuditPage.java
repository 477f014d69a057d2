package dev.bulwark.model.audit;

import java.util.List;

/**
 * A page of audit events, newest first.
 *
 * @param events the events, highest sequence number first
 * @param nextBefore pass as {@code before} to get the next (older) page; {@code null} on the last page
 */
public record AuditPage(List<AuditEvent> events, Long nextBefore) {}
