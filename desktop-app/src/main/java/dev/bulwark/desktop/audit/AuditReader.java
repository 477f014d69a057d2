package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.AuditClient;
import java.util.List;

/** Reads pages of the audit trail for a filter that may name several actions: the API takes them all at once. */
final class AuditReader {
    private AuditReader() {}

    /**
     * The newest {@code query.limit()} events below {@code query.before()} whose action is one of {@code codes}
     * (any action when empty); the other filters come from {@code query}.
     */
    static AuditPage page(AuditClient audit, AuditQuery query, List<String> codes) {
        return audit.events(query.withActions(codes));
    }
}
