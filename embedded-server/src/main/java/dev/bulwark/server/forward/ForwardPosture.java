package dev.bulwark.server.forward;

import static dev.bulwark.model.posture.PostureStatus.FAIL;
import static dev.bulwark.model.posture.PostureStatus.PASS;
import static dev.bulwark.model.posture.PostureStatus.WARN;

import dev.bulwark.model.forward.ForwardStatus;
import dev.bulwark.model.posture.PostureCheck;
import dev.bulwark.model.posture.PostureStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The posture report's "Audit forwarding" (PRODUCT §6, §7), from the destinations and their cursors. */
public final class ForwardPosture {
    private final ForwardRepository repository = new ForwardRepository();
    private final Duration maxLag;

    public ForwardPosture(Duration maxLag) {
        this.maxLag = maxLag;
    }

    public PostureCheck check(Connection c, Instant now) throws SQLException {
        String id = "forwarding";
        String title = "Audit forwarding";
        String why = "A trail kept only on this server can be cut or rewritten by whoever writes its database; a SIEM"
                + " that receives every record and checkpoint as it is written keeps the proof elsewhere.";
        List<StoredDestination> enabled =
                repository.list(c).stream().filter(StoredDestination::enabled).toList();
        if (enabled.isEmpty()) {
            return new PostureCheck(
                    id,
                    WARN,
                    title,
                    "No forwarding destination is enabled: the trail and its checkpoints are kept on this server"
                            + " only.",
                    why,
                    "Add a syslog (TLS) or HTTPS webhook destination in Settings → Forwarding (POST"
                            + " /api/v1/settings/forwarding), and set audit.witness-file as well.");
        }
        Map<UUID, ForwardStatus> statuses = ForwardService.statuses(repository, c, now);
        PostureStatus worst = PASS;
        List<String> late = new ArrayList<>();
        for (StoredDestination d : enabled) {
            ForwardStatus s = statuses.get(d.id());
            Duration lag = Duration.ofSeconds(s.lagSeconds());
            if (lag.compareTo(maxLag) > 0) {
                boolean failing = lag.compareTo(maxLag.multipliedBy(12)) > 0;
                worst = failing || worst == FAIL ? FAIL : WARN;
                late.add(d.name() + " is " + String.format("%,d", s.lagRecords()) + " records ("
                        + ForwardService.describe(lag) + ") behind"
                        + (s.lastError() == null ? "" : "; last error: " + s.lastError()));
            }
        }
        if (worst == PASS) {
            return new PostureCheck(
                    id,
                    PASS,
                    title,
                    "Every enabled destination ("
                            + enabled.stream().map(StoredDestination::name).collect(Collectors.joining(", "))
                            + ") is within " + ForwardService.describe(maxLag)
                            + " of the trail.",
                    why,
                    "");
        }
        return new PostureCheck(
                id,
                worst,
                title,
                String.join(". ", late) + ".",
                why,
                "Check that the receiver is running and reachable from this server, and its certificate and key"
                        + " (Settings → Forwarding → Test). Delivery resumes by itself from where it stopped;"
                        + " nothing is lost meanwhile.");
    }
}
