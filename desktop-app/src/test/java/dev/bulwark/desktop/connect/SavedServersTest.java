package dev.bulwark.desktop.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedServersTest {
    @TempDir
    Path dataDirectory;

    @Test
    void missingFile_meansNoServers() {
        assertThat(new SavedServers(dataDirectory).load()).isEmpty();
    }

    @Test
    void savedServers_areReadBackInOrder() {
        List<RemoteServer> servers =
                List.of(RemoteServer.parse("https://b.example.com"), RemoteServer.parse("https://a.example.com:8443"));

        new SavedServers(dataDirectory).save(servers);

        assertThat(new SavedServers(dataDirectory).load()).containsExactlyElementsOf(servers);
        assertThat(dataDirectory.resolve(SavedServers.FILE_NAME)).exists();
    }

    @Test
    void missingDataDirectory_isCreatedOnSave() {
        Path nested = dataDirectory.resolve("not/yet");

        new SavedServers(nested).save(List.of(RemoteServer.parse("https://a.example.com")));

        assertThat(new SavedServers(nested).load()).hasSize(1);
    }

    @Test
    void unreadableFile_meansNoServersInsteadOfACrash() throws Exception {
        Files.writeString(dataDirectory.resolve(SavedServers.FILE_NAME), "{ not json");

        assertThat(new SavedServers(dataDirectory).load()).isEmpty();
    }
}
