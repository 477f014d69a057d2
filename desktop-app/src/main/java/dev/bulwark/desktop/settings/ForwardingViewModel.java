package dev.bulwark.desktop.settings;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardKind;
import dev.bulwark.model.forward.ForwardStatus;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Settings → Forwarding: the SIEM destinations the audit trail goes to, with how far each has received it (the
 * newest record delivered, the lag in records and time, the last error), and add, edit, test and remove for
 * administrators.
 */
public final class ForwardingViewModel {
    static final String ADMIN_ONLY = "Only administrators can add, change, test or remove forwarding destinations.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final User me;
    private final ZoneId zone;
    private final Activity activity;
    private final ObservableList<ForwardDestination> destinations = FXCollections.observableArrayList();
    private final ObjectProperty<ForwardDestination> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper(this, "testResult", "");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");

    public ForwardingViewModel(BackgroundRunner runner, ServerConnection connection, User me, ZoneId zone) {
        this.runner = runner;
        this.connection = connection;
        this.me = me;
        this.zone = zone;
        this.activity = new Activity(runner);
        selected.addListener((observable, old, now) -> {
            if (old == null || now == null || !old.id().equals(now.id())) {
                testResult.set("");
            }
            details.set(now == null ? "" : describe(now));
        });
    }

    /** Reads the destinations and their status again. */
    public void reload() {
        activity.run(() -> connection.client().forwarding().list().destinations(), list -> {
            ForwardDestination was = selected.get();
            destinations.setAll(list);
            selected.set(
                    was == null
                            ? null
                            : list.stream()
                                    .filter(d -> d.id().equals(was.id()))
                                    .findFirst()
                                    .orElse(null));
        });
    }

    /** Whether the signed-in user may change destinations. */
    public boolean canChange() {
        return me.role() == Role.ADMIN;
    }

    /** A form for a new destination of {@code kind}. */
    public ForwardingFormViewModel newDestination(ForwardKind kind) {
        return ForwardingFormViewModel.create(runner, connection, kind, this::reloadSelecting);
    }

    /** A form for the selected destination. */
    public ForwardingFormViewModel editSelected() {
        return ForwardingFormViewModel.edit(runner, connection, selected.get(), this::reloadSelecting);
    }

    private void reloadSelecting(ForwardDestination saved) {
        selected.set(saved);
        reload();
    }

    /** Sends one test message to the selected destination and shows what happened. */
    public void testSelected() {
        ForwardDestination d = selected.get();
        if (d == null) {
            return;
        }
        testResult.set("");
        activity.run(
                () -> connection.client().forwarding().test(d.id()),
                result -> testResult.set((result.ok() ? "Works: " : "Does not work: ") + result.detail()));
    }

    /** Removes the selected destination. */
    public void removeSelected() {
        ForwardDestination d = selected.get();
        if (d == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().forwarding().delete(d.id());
                    return d;
                },
                removed -> {
                    selected.set(null);
                    reload();
                });
    }

    /** "12,345" or "up to date". */
    static String delivered(ForwardDestination d) {
        ForwardStatus s = d.status();
        return s == null || s.lastForwardedSeq() == 0
                ? "nothing yet"
                : String.format("record %,d", s.lastForwardedSeq());
    }

    /** "up to date", or how many records and how long behind. */
    static String lag(ForwardDestination d) {
        ForwardStatus s = d.status();
        if (s == null) {
            return "";
        }
        if (s.lagRecords() == 0) {
            return "up to date";
        }
        return String.format(
                "%,d %s, %s", s.lagRecords(), s.lagRecords() == 1 ? "record" : "records", age(s.lagSeconds()));
    }

    static String state(ForwardDestination d) {
        ForwardStatus s = d.status();
        if (!d.enabled()) {
            return "Paused";
        }
        if (s != null && s.failures() > 0) {
            return "Failing";
        }
        return s != null && s.lagRecords() == 0 ? "Delivering" : "Catching up";
    }

    private static String age(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7_200) {
            return d.toMinutes() + " min";
        }
        if (seconds < 172_800) {
            return d.toHours() + " h";
        }
        return d.toDays() + " days";
    }

    String describe(ForwardDestination d) {
        ForwardStatus s = d.status();
        StringBuilder text = new StringBuilder();
        text.append(
                d.kind() == ForwardKind.WEBHOOK
                        ? "HTTPS webhook, JSON Lines signed with HMAC-SHA256 (key "
                                + (d.secretSet() ? "stored" : "missing") + ")"
                        : "Syslog (RFC 5424) over " + (d.plainTcp() ? "plain TCP to this machine" : "TLS"));
        if (!d.plainTcp()) {
            text.append(
                    d.trustedCertificates() == null
                            ? "; the receiver's certificate must chain to this server's system authorities"
                            : "; the receiver's certificate is pinned to the pasted certificates");
        }
        text.append(".");
        if (s != null) {
            text.append(
                    s.lastForwardedSeq() == 0
                            ? String.format(" Nothing delivered yet of %,d records.", s.headSeq())
                            : String.format(" Delivered up to record %,d of %,d", s.lastForwardedSeq(), s.headSeq())
                                    + (s.deliveredAt() == null
                                            ? "."
                                            : ", last at "
                                                    + TIME.format(
                                                            s.deliveredAt().atZone(zone)) + "."));
            if (s.lastError() != null && s.lastErrorAt() != null) {
                text.append(s.failures() > 0 ? " Failing, last attempt at " : " Last failure at ")
                        .append(TIME.format(s.lastErrorAt().atZone(zone)))
                        .append(": ")
                        .append(s.lastError());
                if (s.failures() > 0) {
                    text.append(String.format(
                            " %d %s in a row, retried with backoff.",
                            s.failures(), s.failures() == 1 ? "attempt" : "attempts"));
                }
            }
        }
        return text.toString();
    }

    public ObservableList<ForwardDestination> destinations() {
        return destinations;
    }

    public ObjectProperty<ForwardDestination> selectedProperty() {
        return selected;
    }

    /** The selected destination's kind, trust and status in sentences, or empty. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** What the last test found, or empty. */
    public ReadOnlyStringProperty testResultProperty() {
        return testResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
