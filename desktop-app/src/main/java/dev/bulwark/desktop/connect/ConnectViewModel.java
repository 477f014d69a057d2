package dev.bulwark.desktop.connect;

import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.UserFacingException;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.client.ServerTrust;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.server.ServerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The connection screen: "This computer" or one of the saved remote servers. */
public final class ConnectViewModel {
    private final EmbeddedServerLauncher launcher;
    private final SavedServers savedServers;
    private final Consumer<ServerConnection> onConnected;
    private final Activity activity;
    private final ObservableList<RemoteServer> servers = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RemoteServer> lastAdded = new ReadOnlyObjectWrapper<>();
    private final ObservableList<RemoteServer> serversView = FXCollections.unmodifiableObservableList(servers);
    private final ReadOnlyObjectWrapper<CertificateQuestion> certificateQuestion = new ReadOnlyObjectWrapper<>();
    private final StringProperty newServerAddress = new SimpleStringProperty(this, "newServerAddress", "");

    public ConnectViewModel(
            BackgroundRunner runner,
            EmbeddedServerLauncher launcher,
            SavedServers savedServers,
            Consumer<ServerConnection> onConnected) {
        this.launcher = launcher;
        this.savedServers = savedServers;
        this.onConnected = onConnected;
        this.activity = new Activity(runner);
    }

    /** The server added last, so the screen can select it and the next step is one key away. */
    public ReadOnlyObjectProperty<RemoteServer> lastAddedProperty() {
        return lastAdded.getReadOnlyProperty();
    }

    /** The saved remote servers, in the order they were added. */
    public ObservableList<RemoteServer> servers() {
        return serversView;
    }

    /** The address typed in the "add a server" field. */
    public StringProperty newServerAddressProperty() {
        return newServerAddress;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }

    /** Where "This computer" keeps its data, as shown to the person. */
    public String localDataDirectory() {
        return launcher.dataDirectory().toString();
    }

    /** Reads the saved servers. */
    public void load() {
        activity.run(savedServers::load, servers::setAll);
    }

    /** Starts the embedded server if needed and connects to it. */
    public void connectThisComputer() {
        activity.run(
                () -> {
                    BulwarkClient client = new BulwarkClient(launcher.start());
                    ServerInfo info = client.server().info();
                    return ServerConnection.local(client, info, launcher);
                },
                onConnected);
    }

    /**
     * Connects to a saved remote server. A certificate the console cannot trust by itself (self-signed on first
     * connect, or other than the pinned one) does not connect: it becomes the {@link #certificateQuestionProperty()
     * certificate question} for the person to answer.
     */
    public void connect(RemoteServer server) {
        if (server == null) {
            activity.fail("Choose a server from the list first.");
            return;
        }
        certificateQuestion.set(null);
        activity.run(() -> attempt(server), this::handle);
    }

    /** The certificate waiting for the person's judgement, or {@code null}. */
    public ReadOnlyObjectProperty<CertificateQuestion> certificateQuestionProperty() {
        return certificateQuestion.getReadOnlyProperty();
    }

    /**
     * Trusts the certificate in question: pins its fingerprint for that server (replacing an earlier pin), saves
     * the list, and connects.
     */
    public void trustCertificate() {
        CertificateQuestion question = certificateQuestion.get();
        if (question == null) {
            return;
        }
        certificateQuestion.set(null);
        RemoteServer pinned = question.server().withPin(question.presentedFingerprint());
        List<RemoteServer> updated = new ArrayList<>();
        for (RemoteServer s : servers) {
            updated.add(s.sameAddress(pinned) ? pinned : s);
        }
        activity.run(
                () -> {
                    savedServers.save(updated);
                    return attempt(pinned);
                },
                outcome -> {
                    servers.setAll(updated);
                    handle(outcome);
                });
    }

    /** Declines the certificate in question: nothing is pinned and the console stays on this screen. */
    public void declineCertificate() {
        certificateQuestion.set(null);
    }

    private sealed interface Outcome permits Connected, Question {}

    private record Connected(ServerConnection connection) implements Outcome {}

    private record Question(CertificateQuestion question) implements Outcome {}

    private static Outcome attempt(RemoteServer server) {
        ServerTrust trust = ServerTrust.systemOrPinned(server.pinnedFingerprint());
        BulwarkClient client = new BulwarkClient(server.url(), trust.httpClient());
        try {
            ServerInfo info = client.server().info();
            return new Connected(ServerConnection.remote(client, info));
        } catch (ApiException e) {
            if (e.type() == ProblemType.SERVER_UNREACHABLE
                    && trust.lastRejection().isPresent()) {
                return new Question(
                        new CertificateQuestion(server, trust.lastRejection().get()));
            }
            throw e;
        }
    }

    private void handle(Outcome outcome) {
        switch (outcome) {
            case Connected c -> onConnected.accept(c.connection());
            case Question q -> certificateQuestion.set(q.question());
        }
    }

    /** Adds the typed address to the saved servers. */
    public void addServer() {
        RemoteServer server;
        try {
            server = RemoteServer.parse(newServerAddress.get());
        } catch (UserFacingException e) {
            activity.fail(e);
            return;
        }
        if (servers.stream().anyMatch(server::sameAddress)) {
            activity.fail(server.display() + " is in the list already.");
            return;
        }
        List<RemoteServer> updated = new ArrayList<>(servers);
        updated.add(server);
        save(updated, () -> {
            newServerAddress.set("");
            lastAdded.set(server);
        });
    }

    /** Removes a server from the saved list. */
    public void removeServer(RemoteServer server) {
        if (server == null) {
            activity.fail("Choose a server from the list first.");
            return;
        }
        List<RemoteServer> updated = new ArrayList<>(servers);
        updated.remove(server);
        save(updated, () -> {});
    }

    private void save(List<RemoteServer> updated, Runnable afterwards) {
        activity.run(
                () -> {
                    savedServers.save(updated);
                    return updated;
                },
                saved -> {
                    servers.setAll(saved);
                    afterwards.run();
                });
    }
}
