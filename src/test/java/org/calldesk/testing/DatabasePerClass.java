package org.calldesk.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestDatabase} for one test class: started before its first test, dropped after its last. Register it as
 * {@code @RegisterExtension static final DatabasePerClass db = new DatabasePerClass();}.
 */
public final class DatabasePerClass implements BeforeAllCallback, AfterAllCallback {

    private TestDatabase db;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        db = TestDatabase.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        db.close();
    }

    public Pool pool(Vertx vertx) {
        return db.pool(vertx);
    }
}
