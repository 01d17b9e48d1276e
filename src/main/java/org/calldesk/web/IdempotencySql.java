package org.calldesk.web;

/** The statements behind {@link Idempotency}. */
final class IdempotencySql {

    private IdempotencySql() {
    }

    /** Takes the key for this request; no row back when it was taken before. */
    static final String CLAIM = """
        INSERT INTO idempotency_keys (user_id, key, request_hash, owner)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (user_id, key) DO NOTHING
        """;

    static final String EARLIER = """
        SELECT request_hash, owner, status, location, body FROM idempotency_keys WHERE user_id = $1 AND key = $2
        """;

    static final String KEEP_ANSWER = """
        UPDATE idempotency_keys SET status = $4, location = $5, body = $6
         WHERE user_id = $1 AND key = $2 AND owner = $3
        """;

    /** A refused request leaves nothing behind: sent again, it is handled afresh. */
    static final String RELEASE = """
        DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND owner = $3 AND status IS NULL
        """;

    static final String PURGE = """
        DELETE FROM idempotency_keys WHERE created_at < $1
        """;
}
