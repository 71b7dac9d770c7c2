package carafe.app;

import carafe.auth.SecretTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs cookies. Production must set CARAFE_SECRET_KEY; in development one is generated
 * on first start and kept in the data folder, so cookies survive restarts.
 */
final class SecretKeys {
    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);

    private SecretKeys() {}

    static Config withSecretKey(Config config) {
        if (config.secretKey() != null) return config;
        Path file = config.dataDir().resolve("secret-key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(config.dataDir());
                Files.writeString(file, SecretTokens.newToken() + SecretTokens.newToken());
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's permissions apply.
                }
                log.warn("CARAFE_SECRET_KEY is not set: generated a development key in {}. "
                        + "Set CARAFE_SECRET_KEY in production.", file);
            }
            return config.withSecretKey(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the development secret key " + file, e);
        }
    }
}
