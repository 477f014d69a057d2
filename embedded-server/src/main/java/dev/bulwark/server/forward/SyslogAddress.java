package dev.bulwark.server.forward;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A syslog receiver's {@code host:port}; an IPv6 address in brackets, {@code [::1]:6514}. */
record SyslogAddress(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253}):(\\d{1,5})");

    static Optional<SyslogAddress> parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        String host = m.group(1);
        return Optional.of(new SyslogAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port));
    }
}
