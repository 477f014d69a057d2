package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.AuditClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads pages of the audit trail for a filter that may name several actions. The API filters on one action code;
 * for several, it asks once per code with the same {@code before} and merges the answers newest first, which
 * keeps keyset paging exact: every event above the page's last sequence number is in some code's answer.
 */
final class AuditReader {
    private AuditReader() {}

    /**
     * The newest {@code query.limit()} events below {@code query.before()} whose action is one of {@code codes}
     * (any action when empty); the other filters come from {@code query}.
     */
    static AuditPage page(AuditClient audit, AuditQuery query, List<String> codes) {
        if (codes.isEmpty()) {
            return audit.events(query);
        }
        if (codes.size() == 1) {
            return audit.events(withAction(query, codes.getFirst()));
        }
        List<AuditEvent> merged = new ArrayList<>();
        boolean more = false;
        for (String code : codes) {
            AuditPage page = audit.events(withAction(query, code));
            merged.addAll(page.events());
            more |= page.nextBefore() != null;
        }
        merged.sort(Comparator.comparingLong(AuditEvent::seq).reversed());
        int limit = query.limit();
        more |= merged.size() > limit;
        List<AuditEvent> events = List.copyOf(merged.subList(0, Math.min(limit, merged.size())));
        Long nextBefore = more && !events.isEmpty() ? events.getLast().seq() : null;
        return new AuditPage(events, nextBefore);
    }

    private static AuditQuery withAction(AuditQuery q, String code) {
        return new AuditQuery(
                q.from(),
                q.to(),
                q.actor(),
                code,
                q.targetType(),
                q.targetId(),
                q.outcome(),
                q.ip(),
                q.q(),
                q.limit(),
                q.before());
    }
}
