package org.calldesk.platform;

/**
 * The {@code database} config section. An empty {@code url} means the embedded PostgreSQL; an empty user or
 * password is null, so that one written into the URL is not overwritten.
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, int embeddedPort,
                               boolean embeddedDurable) {

    public static DatabaseSettings from(ConfigSection root) {
        ConfigSection db = root.section("database");
        return new DatabaseSettings(db.stringOrEmpty("url"), emptyToNull(db.stringOrEmpty("user")),
            emptyToNull(db.stringOrEmpty("password")), db.positiveInt("pool_size"), db.nonNegativeInt("embedded_port"),
            db.bool("embedded_durable"));
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** Without the password: configurations get logged. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + (embedded() ? "embedded" : url) + ", user=" + user + ", poolSize=" + poolSize
            + ", embeddedPort=" + embeddedPort + ", embeddedDurable=" + embeddedDurable + "]";
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
