package dev.bulwark.desktop.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.group.GroupMember;
import dev.bulwark.model.user.UserDetails;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

class GroupsUiTest {
    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeEach
    void openGroups() throws Exception {
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.waitFor("#signInScreen");
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
        console.click("#navGroups");
        console.waitFor("#groupsPage");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    /** Clicks the visible cell showing {@code text}, once it is on screen (a table also keeps hidden cells). */
    private void clickCell(String text) {
        // Rows are laid out on the next pulse after the items change; until then a cell may show an old row.
        WaitForAsyncUtils.waitForFxEvents();
        console.waitUntil(text + " is shown", () -> visibleCell(text).isPresent());
        robot.clickOn(visibleCell(text).orElseThrow());
    }

    private Optional<Node> visibleCell(String text) {
        return robot.lookup(LabeledMatchers.hasText(text)).queryAll().stream()
                .filter(node -> {
                    for (Node n = node; n != null; n = n.getParent()) {
                        if (!n.isVisible()) {
                            return false;
                        }
                    }
                    return node.getScene() != null;
                })
                .findFirst();
    }

    @Test
    void createAGroup_grantAPermission_andAddAMember() {
        console.waitFor("#noGroupSelected");
        console.click("#createGroup");
        console.type("#groupName", "Auditors");
        console.type("#groupDescription", "People who review the trail");
        console.click("#saveGroup");

        console.waitForText("#groupTitle", "Auditors");
        assertThat(console.text("#groupDescriptionText")).isEqualTo("People who review the trail");
        assertThat(robot.lookup("#saveGrants").query().isDisabled()).isTrue();

        console.click("#grant-AUDIT-READ");
        console.click("#saveGrants");
        console.waitForText("#notice", "The permissions of Auditors were saved.");
        assertThat(robot.lookup("#saveGrants").query().isDisabled()).isTrue();

        console.type("#memberSearch", "ada");
        ListView<UserDetails> candidates = robot.lookup("#memberCandidates").queryListView();
        console.waitUntil("Ada is offered", () -> candidates.getItems().size() == 1);
        clickCell(TestServer.ADMIN_NAME + " — " + TestServer.ADMIN_EMAIL);
        console.click("#addMember");

        TableView<GroupMember> members = robot.lookup("#membersTable").queryTableView();
        console.waitUntil("Ada is a member", () -> members.getItems().size() == 1);
        assertThat(members.getItems().getFirst().email()).isEqualTo(TestServer.ADMIN_EMAIL);
    }
}
