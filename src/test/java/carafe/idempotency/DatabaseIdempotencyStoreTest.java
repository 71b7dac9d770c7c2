package carafe.idempotency;

import static carafe.db.schema.Tables.IDEMPOTENCY_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The idempotency store contract against the {@code idempotency_keys} table, on the run's database. */
class DatabaseIdempotencyStoreTest extends IdempotencyStoreContract {
    private IdempotencyStore store;

    @Override
    protected IdempotencyStore store() {
        if (store == null) store = new DatabaseIdempotencyStore(database.dsl());
        return store;
    }

    @Test
    void the_purge_removes_exactly_the_keys_past_their_lifetime() {
        long user = newUser();
        String old = newKey();
        String recent = newKey();
        claim(user, old, "request", now);
        claim(user, recent, "request", now.plusSeconds(60));

        int removed = store().deleteExpired(now.plus(LIFETIME));

        assertThat(removed).isGreaterThanOrEqualTo(1);
        assertThat(database.dsl().fetchExists(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.KEY_HASH.eq(old))).isFalse();
        assertThat(database.dsl().fetchExists(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.KEY_HASH.eq(recent))).isTrue();
    }
}
