package dev.bulwark.server.forward;

import com.google.crypto.tink.Aead;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardDestinationList;
import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.model.forward.ForwardKind;
import dev.bulwark.model.forward.ForwardStatus;
import dev.bulwark.model.forward.ForwardTestResult;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditFeed;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.crypto.Digests;
import dev.bulwark.server.db.JobLocks;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.permission.Authorizer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The SIEM destinations the audit trail is forwarded to (decision 0034): list with their delivery status, add,
 * change, remove and test. Reading needs SETTINGS READ; everything else is for administrators only, since a
 * destination decides where the whole trail goes. Every change is audited.
 *
 * <p>Security guarantees: a webhook's HMAC key is sealed with the server key set as soon as it arrives and is never
 * returned, logged or recorded: answers carry only {@code secretSet}, audit diffs only that it changed. Webhooks
 * are https (plain http to a loopback IP literal only under {@code forwarding.allow-insecure-loopback}); syslog is
 * TLS (plain TCP to a loopback IP literal only); the receiver's certificate chains to the pinned certificates or to
 * the system's authorities, and its host name is checked. Link-local (cloud metadata), multicast and unspecified
 * addresses are refused when saved.
 */
public final class ForwardService {
    private static final Set<String> AUDIT_CLEAR_FIELDS =
            Set.of("name", "kind", "address", "plainTcp", "trustedCertificates", "enabled");
    private static final int MIN_SECRET_CHARS = 32;
    private static final int MAX_SECRET_CHARS = 1000;
    private static final int MAX_PEM_CHARS = 20_000;

    private final Transactions tx;
    private final ForwardRepository repository = new ForwardRepository();
    private final ForwardSecrets secrets;
    private final Deliveries deliveries;
    private final ForwardJobs jobs;
    private final Authorizer authorizer;
    private final AuditTrail audit;
    private final ServerSettings.ForwardingSettings settings;
    private final Clock clock;

    private ForwardService(
            Transactions tx,
            ForwardSecrets secrets,
            Deliveries deliveries,
            ForwardJobs jobs,
            Authorizer authorizer,
            AuditTrail audit,
            ServerSettings.ForwardingSettings settings,
            Clock clock) {
        this.tx = tx;
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.jobs = jobs;
        this.authorizer = authorizer;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** The service and the forwarders it starts and stops, sharing one key and one way of connecting. */
    public record Parts(ForwardService service, ForwardJobs jobs) {}

    /**
     * Wires forwarding; {@code serverAead} seals the HMAC keys, and {@code locks} has one node at a time send to a
     * destination.
     */
    public static Parts create(
            Transactions tx,
            Aead serverAead,
            Authorizer authorizer,
            AuditTrail audit,
            ServerSettings.ForwardingSettings settings,
            Clock clock,
            JobLocks locks) {
        ForwardSecrets secrets = new ForwardSecrets(serverAead);
        Deliveries deliveries = new Deliveries(secrets, clock);
        ForwardJobs jobs = new ForwardJobs(tx, new AuditFeed(tx), deliveries, settings, clock, locks);
        return new Parts(new ForwardService(tx, secrets, deliveries, jobs, authorizer, audit, settings, clock), jobs);
    }

    public ForwardDestinationList list(Caller caller) {
        authorizer.require(caller, Module.SETTINGS, AccessLevel.READ);
        return tx.read(c -> {
            Map<UUID, ForwardStatus> statuses = statuses(repository, c, clock.instant());
            return new ForwardDestinationList(repository.list(c).stream()
                    .map(d -> toWire(d, statuses.get(d.id())))
                    .toList());
        });
    }

    public ForwardDestination get(Caller caller, UUID id) {
        authorizer.require(caller, Module.SETTINGS, AccessLevel.READ);
        return tx.read(c -> wire(c, find(c, id)));
    }

    public ForwardDestination create(Caller caller, ForwardDestinationRequest request) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "add a forwarding destination");
        Valid valid = validate(request, null);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String sealed =
                request.secret() == null || request.secret().isEmpty() ? null : secrets.seal(id, request.secret());
        StoredDestination created = new StoredDestination(
                id,
                valid.name(),
                valid.kind(),
                valid.address(),
                valid.plainTcp(),
                valid.trustedPem(),
                sealed,
                request.enabled() == null || request.enabled(),
                now,
                now);
        ForwardDestination answer = tx.write(c -> {
            if (repository.findByName(c, created.name()).isPresent()) {
                throw nameTaken(created.name());
            }
            repository.insert(c, created, 0);
            AuditDiff diff = diff(null, created);
            if (sealed != null) {
                diff.secretChanged("secret");
            }
            audit.record(c, change(AuditAction.FORWARD_DESTINATION_CREATE, caller, created, diff));
            return wire(c, created);
        });
        jobs.changed();
        return answer;
    }

    public ForwardDestination update(Caller caller, UUID id, ForwardDestinationRequest request) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "change a forwarding destination");
        StoredDestination current = tx.read(c -> find(c, id));
        Valid valid = validate(request, current);
        Instant now = clock.instant();
        ForwardDestination answer = tx.write(c -> {
            StoredDestination before = find(c, id);
            if (!before.name().equals(valid.name())
                    && repository.findByName(c, valid.name()).isPresent()) {
                throw nameTaken(valid.name());
            }
            Secret secret = request.secret();
            String sealed = secret == null ? before.sealedSecret() : secrets.seal(id, secret);
            StoredDestination after = new StoredDestination(
                    id,
                    valid.name(),
                    before.kind(),
                    valid.address(),
                    valid.plainTcp(),
                    valid.trustedPem(),
                    sealed,
                    request.enabled() == null ? before.enabled() : request.enabled(),
                    before.createdAt(),
                    now);
            repository.update(c, after);
            AuditDiff diff = diff(before, after);
            if (secret != null) {
                diff.secretChanged("secret");
            }
            audit.record(c, change(AuditAction.FORWARD_DESTINATION_UPDATE, caller, after, diff));
            return wire(c, after);
        });
        jobs.changed();
        return answer;
    }

    public void delete(Caller caller, UUID id) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "remove a forwarding destination");
        tx.write(c -> {
            StoredDestination before = find(c, id);
            repository.delete(c, id);
            return audit.record(c, change(AuditAction.FORWARD_DESTINATION_DELETE, caller, before, diff(before, null)));
        });
        jobs.changed();
    }

    /** Sends one test message to the destination and reports whether it was taken; audited either way. */
    public ForwardTestResult test(Caller caller, UUID id) {
        // A test makes the server connect where the destination says: the same rights as changing it.
        authorizer.requireAdmin(caller, Module.SETTINGS, "test a forwarding destination");
        StoredDestination d = tx.read(c -> find(c, id));
        String line = "{\"type\":\"test\",\"destination\":\"" + d.id() + "\",\"at\":\""
                + DateTimeFormatter.ISO_INSTANT.format(clock.instant()) + "\"}";
        ForwardTestResult result;
        try (Delivery delivery = deliveries.open(d)) {
            delivery.sendTest(line);
            result = new ForwardTestResult(
                    true,
                    d.kind() == ForwardKind.WEBHOOK
                            ? "The webhook accepted a signed test batch."
                            : "The syslog receiver took a test message over " + (d.plainTcp() ? "plain TCP." : "TLS."));
        } catch (IOException | RuntimeException e) {
            result = new ForwardTestResult(
                    false, e instanceof IOException && e.getMessage() != null ? e.getMessage() : "The test failed.");
        }
        ForwardTestResult done = result;
        audit.recordAlone(AuditRecord.of(
                        AuditAction.FORWARD_DESTINATION_TEST, done.ok() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE)
                .actor(caller.user())
                .from(caller.client())
                .target("forward-destination", d.id(), d.name())
                .reason(done.detail()));
        return done;
    }

    /** Every destination's delivery status at {@code now}. */
    static Map<UUID, ForwardStatus> statuses(ForwardRepository repository, Connection c, Instant now)
            throws SQLException {
        long head = repository.headSeq(c);
        Map<UUID, ForwardStatus> statuses = new HashMap<>();
        for (StoredCursor cursor : repository.cursors(c)) {
            long lag = Math.max(0, head - cursor.lastSeq());
            long waited = lag == 0
                    ? 0
                    : repository
                            .occurredAt(c, cursor.lastSeq() + 1)
                            .map(at -> Math.max(0, Duration.between(at, now).toSeconds()))
                            .orElse(0L);
            statuses.put(
                    cursor.destinationId(),
                    new ForwardStatus(
                            cursor.lastSeq(),
                            head,
                            lag,
                            waited,
                            cursor.deliveredAt(),
                            cursor.attemptedAt(),
                            cursor.failures(),
                            cursor.lastError(),
                            cursor.lastErrorAt()));
        }
        return statuses;
    }

    /** A duration in words: 45 s, 12 min, 3 h, 2 days. */
    static String describe(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7_200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3_600 + " h";
        }
        return s / 86_400 + " days";
    }

    private ForwardDestination wire(Connection c, StoredDestination d) throws SQLException {
        return toWire(d, statuses(repository, c, clock.instant()).get(d.id()));
    }

    private static ForwardDestination toWire(StoredDestination d, ForwardStatus status) {
        return new ForwardDestination(
                d.id(),
                d.name(),
                d.kind(),
                d.address(),
                d.plainTcp(),
                d.trustedPem(),
                d.sealedSecret() != null,
                d.enabled(),
                d.createdAt(),
                d.updatedAt(),
                status);
    }

    private StoredDestination find(Connection c, UUID id) throws SQLException {
        return repository.find(c, id).orElseThrow(ForwardService::notFound);
    }

    private static AuditRecord change(AuditAction action, Caller caller, StoredDestination d, AuditDiff diff) {
        return AuditRecord.change(action, caller.user(), caller.client(), "forward-destination", d.id(), diff)
                .target("forward-destination", d.id(), d.name());
    }

    private record Valid(String name, ForwardKind kind, String address, boolean plainTcp, String trustedPem) {}

    private Valid validate(ForwardDestinationRequest request, StoredDestination current) {
        Validator input =
                new Validator().text("name", request.name(), 1, 100).text("address", request.address(), 1, 500);
        ForwardKind kind = current == null ? request.kind() : current.kind();
        if (kind == null) {
            input.error("kind", "Choose SYSLOG or WEBHOOK.");
        } else if (current != null && request.kind() != null && request.kind() != current.kind()) {
            input.error("kind", "A destination's kind cannot change: remove it and add a new one.");
        }
        String address = request.address() == null ? "" : request.address().strip();
        boolean plainTcp = Boolean.TRUE.equals(request.plainTcp());
        if (!input.hasError("address") && kind == ForwardKind.WEBHOOK) {
            String refusal = webhookRefusal(address);
            if (refusal != null) {
                input.error("address", refusal);
            }
            if (plainTcp) {
                input.error("plainTcp", "Plain TCP is for syslog; a webhook uses https.");
            }
        } else if (!input.hasError("address") && kind == ForwardKind.SYSLOG) {
            SyslogAddress parsed = SyslogAddress.parse(address).orElse(null);
            if (parsed == null) {
                input.error("address", "Use host:port, for example siem.example.com:6514 or [::1]:6514.");
            } else {
                String refusal = hostRefusal(parsed.host());
                if (refusal != null) {
                    input.error("address", refusal);
                } else if (plainTcp && !isLoopbackLiteral(parsed.host())) {
                    input.error(
                            "plainTcp",
                            "Plain TCP is allowed only to a receiver on this machine (127.0.0.1 or [::1]); use TLS.");
                }
            }
        }
        String pem = request.trustedCertificates() == null
                        || request.trustedCertificates().isBlank()
                ? null
                : request.trustedCertificates().strip();
        if (pem != null
                && (pem.length() > MAX_PEM_CHARS
                        || ReceiverTrust.certificates(pem).isEmpty())) {
            input.error(
                    "trustedCertificates",
                    "Paste one or more PEM certificates (-----BEGIN CERTIFICATE-----), at most 20,000 characters.");
        }
        if (pem != null && plainTcp) {
            input.error("trustedCertificates", "Plain TCP uses no certificate.");
        }
        Secret secret = request.secret();
        if (kind == ForwardKind.WEBHOOK) {
            boolean needed = current == null || current.sealedSecret() == null;
            if (secret == null && needed) {
                input.error("secret", "A webhook needs an HMAC key of at least " + MIN_SECRET_CHARS + " characters.");
            } else if (secret != null && (secret.length() < MIN_SECRET_CHARS || secret.length() > MAX_SECRET_CHARS)) {
                input.error(
                        "secret",
                        "Use an HMAC key of " + MIN_SECRET_CHARS + " to " + MAX_SECRET_CHARS
                                + " characters, for example from openssl rand -hex 32.");
            }
        } else if (kind == ForwardKind.SYSLOG && secret != null && !secret.isEmpty()) {
            input.error("secret", "A syslog destination takes no key.");
        }
        input.throwIfInvalid();
        return new Valid(request.name().strip(), kind, address, plainTcp, pem);
    }

    private String webhookRefusal(String address) {
        URI url;
        try {
            url = new URI(address);
        } catch (URISyntaxException e) {
            return "Use the receiver's https URL, for example https://siem.example.com/bulwark.";
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            return "Use the receiver's https URL with a host and no user name, for example"
                    + " https://siem.example.com/bulwark.";
        }
        boolean insecureAllowed = settings.allowInsecureLoopback() && isLoopbackLiteral(url.getHost());
        if (!"https".equals(scheme) && !("http".equals(scheme) && insecureAllowed)) {
            return "Use an https URL: the trail must not cross the network in clear.";
        }
        return hostRefusal(url.getHost());
    }

    /** Why records must not go to {@code host}, or null: link-local (cloud metadata), multicast or unspecified. */
    private static String hostRefusal(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            for (InetAddress a : InetAddress.getAllByName(bare)) {
                if (a.isLinkLocalAddress() || a.isMulticastAddress() || a.isAnyLocalAddress()) {
                    return "The host " + host + " points to " + a.getHostAddress()
                            + ", a link-local, multicast or unspecified address, which no receiver uses.";
                }
            }
        } catch (UnknownHostException e) {
            return null; // checked again at every connection
        }
        return null;
    }

    static boolean isLoopbackLiteral(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || bare.equals("::1");
    }

    private static AuditDiff diff(StoredDestination before, StoredDestination after) {
        AuditDiff diff = AuditDiff.forEntity(AUDIT_CLEAR_FIELDS);
        changed(diff, "name", before, after, StoredDestination::name);
        changed(diff, "kind", before, after, d -> d.kind().name());
        changed(diff, "address", before, after, StoredDestination::address);
        changed(diff, "plainTcp", before, after, d -> Boolean.toString(d.plainTcp()));
        changed(
                diff,
                "trustedCertificates",
                before,
                after,
                d -> d.trustedPem() == null
                        ? "system authorities"
                        : "pinned sha256:" + Digests.sha256Hex(d.trustedPem()));
        changed(diff, "enabled", before, after, d -> Boolean.toString(d.enabled()));
        return diff;
    }

    private static void changed(
            AuditDiff diff,
            String field,
            StoredDestination before,
            StoredDestination after,
            Function<StoredDestination, String> value) {
        String was = before == null ? null : value.apply(before);
        String is = after == null ? null : value.apply(after);
        if (!Objects.equals(was, is)) {
            diff.change(field, was, is);
        }
    }

    private static ApiException notFound() {
        return ApiException.of(ProblemType.NOT_FOUND, "No forwarding destination has this id.");
    }

    private static ApiException nameTaken(String name) {
        return ApiException.of(ProblemType.CONFLICT, "Another forwarding destination is already named " + name + ".");
    }
}
