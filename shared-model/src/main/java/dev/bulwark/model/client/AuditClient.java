package dev.bulwark.model.client;

import dev.bulwark.model.audit.AuditCheckpoints;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.ChainVerification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** The audit trail: reading events, checkpoints and verifying the chain. */
public final class AuditClient {
    private final Transport transport;

    AuditClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/audit/events}: events matching {@code query}, newest first. */
    public AuditPage events(AuditQuery query) {
        return transport.sendAuthenticated("GET", "/api/v1/audit/events" + queryString(query), null, AuditPage.class);
    }

    /** {@code GET /api/v1/audit/events/{seq}}. */
    public AuditEvent event(long seq) {
        return transport.sendAuthenticated("GET", "/api/v1/audit/events/" + seq, null, AuditEvent.class);
    }

    /** {@code GET /api/v1/audit/checkpoints}: signed checkpoints and the public keys that verify them. */
    public AuditCheckpoints checkpoints() {
        return transport.sendAuthenticated("GET", "/api/v1/audit/checkpoints", null, AuditCheckpoints.class);
    }

    /** {@code POST /api/v1/audit/verify}: recomputes the chain on the server; the run is itself audited. */
    public ChainVerification verify() {
        return transport.sendAuthenticated("POST", "/api/v1/audit/verify", null, ChainVerification.class);
    }

    static String queryString(AuditQuery q) {
        StringJoiner s = new StringJoiner("&", "?", "").setEmptyValue("");
        add(s, "from", q.from());
        add(s, "to", q.to());
        add(s, "actor", q.actor());
        add(s, "action", q.action());
        add(s, "targetType", q.targetType());
        add(s, "targetId", q.targetId());
        add(s, "outcome", q.outcome());
        add(s, "ip", q.ip());
        add(s, "q", q.q());
        add(s, "limit", q.limit());
        add(s, "before", q.before());
        return s.toString();
    }

    private static void add(StringJoiner s, String name, Object value) {
        if (value != null) {
            s.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }
}
