package carafe.mfa;

import static carafe.db.schema.Tables.REMEMBERED_DEVICES;

import carafe.auth.SecretTokens;
import carafe.web.ClientAddress;
import carafe.web.Cookies;
import carafe.web.SignedValues;
import carafe.web.Text;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/**
 * "Remember this device" (SPEC §9): after a second factor, a browser may get a long-lived device cookie
 * with which a later password sign-in from that browser skips the second step. The cookie is
 * {@code userId.token.signature}: HMAC-signed with the secret key, so a forged one is refused before any
 * lookup, and bound to its user; the table keeps only the token's SHA-256, so the user can see and forget
 * each device, and every password or factor change forgets them all.
 */
public final class RememberedDevices {
    private static final String COOKIE = "carafe_device";
    private static final String PURPOSE = "remembered-device";

    /** One remembered browser as its owner sees it. */
    public record Device(long id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String ip, String userAgent) {}

    private final DSLContext db;
    private final Cookies cookies;
    private final SignedValues signer;
    private final Duration lifetime;
    private final Clock clock;

    public RememberedDevices(DSLContext db, Cookies cookies, SignedValues signer, Duration lifetime, Clock clock) {
        this.db = db;
        this.cookies = cookies;
        this.signer = signer;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Whether the feature is on (CARAFE_MFA_REMEMBER_DAYS above 0). */
    public boolean enabled() {
        return !lifetime.isZero();
    }

    /** Remembers this browser for the user: a new device row and its cookie. */
    public void remember(Context ctx, long userId) {
        if (!enabled()) return;
        String token = SecretTokens.newToken();
        Instant now = clock.instant();
        db.insertInto(REMEMBERED_DEVICES)
                .set(REMEMBERED_DEVICES.USER_ID, userId)
                .set(REMEMBERED_DEVICES.TOKEN_HASH, SecretTokens.hash(token))
                .set(REMEMBERED_DEVICES.CREATED_AT, now)
                .set(REMEMBERED_DEVICES.EXPIRES_AT, now.plus(lifetime))
                .set(REMEMBERED_DEVICES.IP, Text.truncate(ClientAddress.of(ctx), 64))
                .set(REMEMBERED_DEVICES.USER_AGENT, Text.truncate(ctx.header("User-Agent"), 512))
                .execute();
        String value = userId + "." + token;
        cookies.write(ctx, COOKIE, value + "." + signer.sign(PURPOSE, value), lifetime);
    }

    /**
     * Whether this browser's device cookie is a live one of this user's: signed by us, for this user,
     * not forgotten, not expired. Records the use.
     */
    public boolean recognises(Context ctx, long userId) {
        if (!enabled()) return false;
        String cookie = cookies.read(ctx, COOKIE);
        if (cookie == null || cookie.length() > 200) return false;
        int signatureAt = cookie.lastIndexOf('.');
        if (signatureAt < 0) return false;
        String value = cookie.substring(0, signatureAt);
        if (!signer.verify(PURPOSE, value, cookie.substring(signatureAt + 1))) return false;
        int dot = value.indexOf('.');
        if (dot < 0 || !value.substring(0, dot).equals(Long.toString(userId))) return false;
        Instant now = clock.instant();
        return db.update(REMEMBERED_DEVICES)
                .set(REMEMBERED_DEVICES.LAST_USED_AT, now)
                .where(REMEMBERED_DEVICES.TOKEN_HASH.eq(SecretTokens.hash(value.substring(dot + 1))),
                        REMEMBERED_DEVICES.USER_ID.eq(userId), REMEMBERED_DEVICES.EXPIRES_AT.gt(now))
                .execute() == 1;
    }

    /** The user's remembered devices that have not expired, newest first. */
    public List<Device> list(long userId) {
        return db.selectFrom(REMEMBERED_DEVICES)
                .where(REMEMBERED_DEVICES.USER_ID.eq(userId), REMEMBERED_DEVICES.EXPIRES_AT.gt(clock.instant()))
                .orderBy(REMEMBERED_DEVICES.CREATED_AT.desc(), REMEMBERED_DEVICES.ID.desc())
                .fetch(r -> new Device(r.getId(), r.getCreatedAt(), r.getLastUsedAt(), r.getExpiresAt(), r.getIp(),
                        r.getUserAgent()));
    }

    /** Forgets one of the user's devices; false when the user has no such device. */
    public boolean forget(long userId, long deviceId) {
        return db.deleteFrom(REMEMBERED_DEVICES)
                .where(REMEMBERED_DEVICES.ID.eq(deviceId), REMEMBERED_DEVICES.USER_ID.eq(userId))
                .execute() == 1;
    }

    /** Forgets every device of the user (a new password, a factor turned on, off or reset). */
    public int forgetAll(long userId) {
        return db.deleteFrom(REMEMBERED_DEVICES).where(REMEMBERED_DEVICES.USER_ID.eq(userId)).execute();
    }

    /** Removes expired devices; the janitor calls it. */
    public int purgeExpired() {
        return db.deleteFrom(REMEMBERED_DEVICES).where(REMEMBERED_DEVICES.EXPIRES_AT.le(clock.instant())).execute();
    }
}
