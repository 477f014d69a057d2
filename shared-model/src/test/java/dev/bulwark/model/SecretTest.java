package dev.bulwark.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.auth.LoginRequest;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void toString_neverShowsTheValue() {
        assertThat(Secret.of("hunter2-hunter2").toString()).isEqualTo("Secret[****]");
        assertThat(new LoginRequest("a@b.c", Secret.of("hunter2-hunter2")).toString())
                .doesNotContain("hunter2");
    }

    @Test
    void secretsAreNeverEqualByValue() {
        assertThat(Secret.of("same")).isNotEqualTo(Secret.of("same"));
    }

    @Test
    void json_carriesTheValueOnTheWire() throws Exception {
        String json = Json.lenient().writeValueAsString(new LoginRequest("a@b.c", Secret.of("on-the-wire")));

        assertThat(json).isEqualTo("{\"email\":\"a@b.c\",\"password\":\"on-the-wire\"}");
        assertThat(Json.strict().readValue(json, LoginRequest.class).password().reveal())
                .isEqualTo("on-the-wire");
    }
}
