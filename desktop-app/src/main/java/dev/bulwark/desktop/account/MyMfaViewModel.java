package dev.bulwark.desktop.account;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.mfa.KnownIp;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.model.mfa.MfaStatus;
import dev.bulwark.model.mfa.RecoveryCodes;
import dev.bulwark.model.mfa.TotpEnrolment;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "My account → MFA" and "Known IPs": set up an authenticator (QR code or key, confirmed by a code), see the
 * recovery codes once, make new ones, turn the authenticator off, and forget addresses.
 */
public final class MyMfaViewModel {
    static final String CODE_MISSING = "Enter the code your authenticator app shows.";
    static final String PROOF_MISSING = "Enter a code from your authenticator app or your password.";

    private final ServerConnection connection;
    private final Activity activity;
    private final ReadOnlyObjectWrapper<MfaStatus> status = new ReadOnlyObjectWrapper<>(this, "status");
    private final ReadOnlyObjectWrapper<TotpEnrolment> enrolment = new ReadOnlyObjectWrapper<>(this, "enrolment");
    private final ReadOnlyObjectWrapper<List<String>> recoveryCodes =
            new ReadOnlyObjectWrapper<>(this, "recoveryCodes", List.of());
    private final StringProperty confirmCode = new SimpleStringProperty(this, "confirmCode", "");
    private final StringProperty proofCode = new SimpleStringProperty(this, "proofCode", "");
    private final StringProperty proofPassword = new SimpleStringProperty(this, "proofPassword", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ObservableList<KnownIp> knownIps = FXCollections.observableArrayList();
    private final ObjectProperty<KnownIp> selectedIp = new SimpleObjectProperty<>(this, "selectedIp");

    public MyMfaViewModel(BackgroundRunner runner, ServerConnection connection) {
        this.connection = connection;
        this.activity = new Activity(runner);
    }

    /** Loads the status and the known addresses. */
    public void reload() {
        activity.run(
                () -> new Loaded(
                        connection.client().mfa().status(),
                        connection.client().mfa().myKnownIps().items()),
                loaded -> {
                    status.set(loaded.status());
                    knownIps.setAll(loaded.ips());
                });
    }

    private record Loaded(MfaStatus status, List<KnownIp> ips) {}

    /** Asks the server for a new secret; the QR code and key show until confirmed. */
    public void startEnrolment() {
        recoveryCodes.set(List.of());
        activity.run(() -> connection.client().mfa().startTotp(), started -> {
            enrolment.set(started);
            notice.set("Scan the QR code with your authenticator app, then enter the code it shows.");
        });
    }

    /** Confirms the new secret with a code; the recovery codes then show, once. */
    public void confirmEnrolment() {
        String code = confirmCode.get() == null ? "" : confirmCode.get().strip();
        if (code.isEmpty()) {
            activity.fail(CODE_MISSING);
            return;
        }
        activity.run(
                () -> connection.client().mfa().confirmTotp(new MfaCodeRequest(Secret.of(code), null)),
                codes -> {
                    confirmCode.set("");
                    enrolment.set(null);
                    showCodes(codes);
                    notice.set("Your authenticator is set up. Keep these recovery codes somewhere safe: they are"
                            + " shown only now.");
                    reloadStatus();
                },
                this::failed);
    }

    /** Stops an enrolment that was not confirmed. */
    public void cancelEnrolment() {
        enrolment.set(null);
        confirmCode.set("");
        notice.set("");
    }

    /** Replaces every recovery code with ten new ones; needs a code or the password. */
    public void regenerateRecoveryCodes() {
        MfaCodeRequest proof = proof();
        if (proof == null) {
            return;
        }
        activity.run(
                () -> connection.client().mfa().regenerateRecoveryCodes(proof),
                codes -> {
                    clearProof();
                    showCodes(codes);
                    notice.set("New recovery codes: the old ones no longer work. They are shown only now.");
                    reloadStatus();
                },
                this::failed);
    }

    /** Turns the authenticator off; needs a code or the password. */
    public void disable() {
        MfaCodeRequest proof = proof();
        if (proof == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().mfa().disableTotp(proof);
                    return connection.client().mfa().status();
                },
                now -> {
                    clearProof();
                    recoveryCodes.set(List.of());
                    status.set(now);
                    notice.set("Your authenticator is turned off. New addresses will need a code by email.");
                },
                this::failed);
    }

    /** Hides the recovery codes (after they were copied or saved). */
    public void dismissRecoveryCodes() {
        recoveryCodes.set(List.of());
    }

    /** The recovery codes as text, one a line, for Copy and Save. */
    public String recoveryCodesText() {
        return String.join("\n", recoveryCodes.get()) + "\n";
    }

    /** Forgets the selected address: the next sign-in from it needs a second factor. */
    public void removeSelectedIp() {
        KnownIp ip = selectedIp.get();
        if (ip == null) {
            activity.fail("Select an address first.");
            return;
        }
        activity.run(
                () -> {
                    connection.client().mfa().removeMyKnownIp(ip.ip());
                    return connection.client().mfa().myKnownIps().items();
                },
                remaining -> {
                    knownIps.setAll(remaining);
                    notice.set("The address " + ip.ip() + " was removed.");
                });
    }

    /** A refused code or password is named in one sentence rather than as a highlighted field. */
    private void failed(RuntimeException failure) {
        if (failure instanceof ApiException api
                && api.type() == ProblemType.VALIDATION_FAILED
                && !api.fieldErrors().isEmpty()) {
            activity.fail(api.fieldErrors().getFirst().message());
        } else {
            activity.fail(failure);
        }
    }

    private void showCodes(RecoveryCodes codes) {
        recoveryCodes.set(codes.codes().stream().map(Secret::reveal).toList());
    }

    private void reloadStatus() {
        activity.run(() -> connection.client().mfa().status(), status::set);
    }

    private MfaCodeRequest proof() {
        String code = proofCode.get() == null ? "" : proofCode.get().strip();
        String password = proofPassword.get() == null ? "" : proofPassword.get();
        if (code.isEmpty() && password.isEmpty()) {
            activity.fail(PROOF_MISSING);
            return null;
        }
        return code.isEmpty()
                ? new MfaCodeRequest(null, Secret.of(password))
                : new MfaCodeRequest(Secret.of(code), null);
    }

    private void clearProof() {
        proofCode.set("");
        proofPassword.set("");
    }

    /** The status, or null before the first load. */
    public ReadOnlyObjectProperty<MfaStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The enrolment waiting for its first code, or null. */
    public ReadOnlyObjectProperty<TotpEnrolment> enrolmentProperty() {
        return enrolment.getReadOnlyProperty();
    }

    /** Recovery codes just made, shown once; empty otherwise. */
    public ReadOnlyObjectProperty<List<String>> recoveryCodesProperty() {
        return recoveryCodes.getReadOnlyProperty();
    }

    public StringProperty confirmCodeProperty() {
        return confirmCode;
    }

    public StringProperty proofCodeProperty() {
        return proofCode;
    }

    public StringProperty proofPasswordProperty() {
        return proofPassword;
    }

    public ObservableList<KnownIp> knownIps() {
        return knownIps;
    }

    public ObjectProperty<KnownIp> selectedIpProperty() {
        return selectedIp;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
