package dev.bulwark.desktop.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.desktop.ui.UserFacingException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RemoteServerTest {

    @Test
    void hostAndPortWithoutScheme_meanHttps() {
        assertThat(RemoteServer.parse("bulwark.example.com:8443").url())
                .isEqualTo(URI.create("https://bulwark.example.com:8443"));
    }

    @Test
    void trailingSlashAndCase_areNormalised() {
        assertThat(RemoteServer.parse(" HTTPS://Bulwark.Example.com/ ").url())
                .isEqualTo(URI.create("https://bulwark.example.com"));
    }

    @Test
    void plainHttp_isKeptForLoopbackServers() {
        assertThat(RemoteServer.parse("http://127.0.0.1:9090").url()).isEqualTo(URI.create("http://127.0.0.1:9090"));
    }

    @Test
    void otherScheme_isRefusedWithASentence() {
        assertThatThrownBy(() -> RemoteServer.parse("ftp://example.com"))
                .isInstanceOf(UserFacingException.class)
                .hasMessage(
                        "\"ftp://example.com\" is not a server address. Use one like https://bulwark.example.com:8443.");
    }

    @Test
    void addressWithPath_isRefused() {
        assertThatThrownBy(() -> RemoteServer.parse("https://example.com/api")).isInstanceOf(UserFacingException.class);
    }

    @Test
    void emptyText_asksForAnAddress() {
        assertThatThrownBy(() -> RemoteServer.parse(" "))
                .hasMessage("Enter the server's address, for example https://bulwark.example.com.");
    }
}
