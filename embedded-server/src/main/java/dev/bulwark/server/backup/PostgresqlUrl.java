package dev.bulwark.server.backup;

import dev.bulwark.model.Secret;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@code jdbc:postgresql:} URL taken apart for PostgreSQL's own tools: {@code pg_dump} and {@code pg_restore} get
 * the hosts, ports, database and the connection properties they share with the JDBC driver ({@code sslmode} and
 * the TLS files, the application name, the connect timeout) as {@code PG*} environment variables, and the password
 * as {@code PGPASSWORD}, never on a command line (docs/decisions/0030-encrypted-backups.md, "PostgreSQL").
 *
 * @param authority what stands between {@code jdbc:postgresql:} and the database name: {@code //host:port/}, or
 *     empty for the short form {@code jdbc:postgresql:database}
 * @param hosts the hosts, comma-separated (IPv6 without brackets); empty means {@code localhost}
 * @param ports the ports, comma-separated, one per host
 * @param database the database name; empty means the driver's default
 * @param properties the URL's query properties, decoded, in order
 */
record PostgresqlUrl(String authority, String hosts, String ports, String database, Map<String, String> properties) {
    private static final String PREFIX = "jdbc:postgresql:";

    static PostgresqlUrl parse(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a jdbc:postgresql: URL");
        }
        String rest = url.substring(PREFIX.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String authority = "";
        StringBuilder hosts = new StringBuilder();
        StringBuilder ports = new StringBuilder();
        String database = rest;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String hostList = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            database = slash < 0 ? "" : rest.substring(slash + 1);
            authority = "//" + hostList + "/";
            for (String hostPort : hostList.split(",")) {
                String host = hostPort;
                String port = "5432";
                if (hostPort.startsWith("[")) {
                    int close = hostPort.indexOf(']');
                    host = hostPort.substring(1, close);
                    if (hostPort.length() > close + 2 && hostPort.charAt(close + 1) == ':') {
                        port = hostPort.substring(close + 2);
                    }
                } else if (hostPort.lastIndexOf(':') >= 0) {
                    int colon = hostPort.lastIndexOf(':');
                    host = hostPort.substring(0, colon);
                    port = hostPort.substring(colon + 1);
                }
                if (hosts.length() > 0) {
                    hosts.append(',');
                    ports.append(',');
                }
                hosts.append(host.isEmpty() ? "localhost" : host);
                ports.append(port.isEmpty() ? "5432" : port);
            }
        } else if (rest.startsWith("/")) {
            database = rest.substring(1);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            properties.put(key, value);
        }
        return new PostgresqlUrl(
                authority,
                hosts.length() == 0 ? "localhost" : hosts.toString(),
                ports.length() == 0 ? "5432" : ports.toString(),
                decode(database),
                properties);
    }

    /** The schema the URL names with {@code currentSchema}, if it names one (the first of a list). */
    Optional<String> currentSchema() {
        return Optional.ofNullable(property("currentSchema"))
                .map(s -> s.split(",")[0].trim())
                .filter(s -> !s.isEmpty());
    }

    /** The same server, another database and schema: the URL of a restore test's temporary database. */
    String withDatabase(String otherDatabase, String schema) {
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.keySet().removeIf(k -> k.equalsIgnoreCase("currentSchema"));
        props.put("currentSchema", schema);
        String query = props.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return PREFIX + authority + encode(otherDatabase) + "?" + query;
    }

    /**
     * The environment that makes {@code pg_dump} and {@code pg_restore} connect where the driver does, as {@code
     * username} with {@code password}. {@code database} overrides the URL's (the connection knows its own).
     */
    Map<String, String> environment(String database, String username, Secret password) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", hosts);
        env.put("PGPORT", ports);
        String db = database != null && !database.isEmpty() ? database : this.database;
        if (!db.isEmpty()) {
            env.put("PGDATABASE", db);
        }
        String user = username != null && !username.isBlank() ? username : property("user");
        if (user != null && !user.isBlank()) {
            env.put("PGUSER", user);
        }
        String secret = password != null && !password.reveal().isEmpty() ? password.reveal() : property("password");
        if (secret != null && !secret.isEmpty()) {
            env.put("PGPASSWORD", secret);
        }
        String sslmode = property("sslmode");
        if (sslmode != null) {
            env.put("PGSSLMODE", sslmode);
        } else if ("true".equalsIgnoreCase(property("ssl"))) {
            env.put("PGSSLMODE", "verify-full"); // the driver's meaning of ssl=true
        }
        copy(env, "sslrootcert", "PGSSLROOTCERT");
        copy(env, "sslcert", "PGSSLCERT");
        copy(env, "sslkey", "PGSSLKEY");
        copy(env, "gssEncMode", "PGGSSENCMODE");
        copy(env, "ApplicationName", "PGAPPNAME");
        copy(env, "connectTimeout", "PGCONNECT_TIMEOUT");
        copy(env, "options", "PGOPTIONS");
        env.putIfAbsent("PGCONNECT_TIMEOUT", "30");
        return env;
    }

    /** Where the database is, for sentences: {@code db.example.com:5432/bulwark}; never a password. */
    String describe(String database) {
        return hosts + ":" + ports + "/" + (database != null && !database.isEmpty() ? database : this.database);
    }

    private void copy(Map<String, String> env, String property, String variable) {
        String value = property(property);
        if (value != null && !value.isEmpty()) {
            env.put(variable, value);
        }
    }

    private String property(String name) {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "PostgresqlUrl[" + hosts + ":" + ports + "/" + database + "]"; // properties may hold a password
    }
}
