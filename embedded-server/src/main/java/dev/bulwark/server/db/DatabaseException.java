package dev.bulwark.server.db;

import java.sql.SQLException;

/** An unexpected database failure; reaches clients only as an internal error with an incident id. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, SQLException cause) {
        super(message, cause);
    }

    /** The SQL state of the cause, for telling constraint violations apart. */
    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }
}
