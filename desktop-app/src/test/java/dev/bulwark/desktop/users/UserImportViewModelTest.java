package dev.bulwark.desktop.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.TestServer;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.SameThreadRunner;
import dev.bulwark.model.user.UserImportReport.Outcome;
import dev.bulwark.model.user.UserImportReport.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserImportViewModelTest {
    @TempDir
    Path dataDirectory;

    @TempDir
    Path files;

    private TestServer server;
    private ServerConnection connection;
    private UserImportViewModel viewModel;
    private int reloads;

    @BeforeEach
    void signIn() {
        server = new TestServer(dataDirectory);
        connection = server.signedInAsAdmin();
        viewModel = new UserImportViewModel(new SameThreadRunner(), connection, () -> reloads++);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Path csv(String text) throws Exception {
        return Files.writeString(files.resolve("users.csv"), text, StandardCharsets.UTF_8);
    }

    @Test
    void aFileIsCheckedFirst_thenImported_andTheListReloads() throws Exception {
        viewModel.check(csv("email,name\nann@example.com,Ann\nbad,Bob\n"));

        assertThat(viewModel.stageProperty().get()).isEqualTo(UserImportViewModel.Stage.CHECKED);
        assertThat(viewModel.results()).extracting(Row::outcome).containsExactly(Outcome.WOULD_CREATE, Outcome.FAILED);
        assertThat(viewModel.summaryProperty().get()).isEqualTo("1 of 2 users can be imported; 1 row to fix.");
        assertThat(viewModel.mayImportProperty().get()).isTrue();
        assertThat(connection.client().users().search("ann", 5, null).items()).isEmpty();

        viewModel.importChecked();

        assertThat(viewModel.stageProperty().get()).isEqualTo(UserImportViewModel.Stage.IMPORTED);
        assertThat(viewModel.results()).extracting(Row::outcome).containsExactly(Outcome.CREATED, Outcome.FAILED);
        assertThat(viewModel.summaryProperty().get()).isEqualTo("1 user imported; 1 row refused.");
        assertThat(viewModel.mayImportProperty().get()).isFalse();
        assertThat(reloads).isEqualTo(1);
        assertThat(connection.client().users().search("ann", 5, null).items()).hasSize(1);
    }

    @Test
    void aFileThatCannotBeRead_isOneSentence_andNothingIsOffered() throws Exception {
        viewModel.check(csv("mail,name\nann@example.com,Ann\n"));

        assertThat(viewModel.problemProperty().get()).startsWith("The file has no \"email\" column.");
        assertThat(viewModel.results()).isEmpty();
        assertThat(viewModel.mayImportProperty().get()).isFalse();
    }

    @Test
    void theReport_isSavedAsCsv_withFormulaLookingCellsDefused() throws Exception {
        viewModel.check(csv("email,name\n=cmd@example.com,Eve\nann@example.com,Ann\n"));
        Path report = files.resolve("report.csv");

        viewModel.saveReport(report);

        assertThat(Files.readAllLines(report)).first().isEqualTo("row,email,result,message");
        assertThat(Files.readString(report)).contains("'=cmd@example.com").contains("2,ann@example.com,would_create");
    }
}
