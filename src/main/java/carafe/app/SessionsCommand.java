package carafe.app;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code carafe sessions ...}: what serve's janitor does on a schedule, on demand. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "Session maintenance.")
final class SessionsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    static CommandLine commandLine(Supplier<Config> config) {
        return new CommandLine(new SessionsCommand()).addSubcommand(new Purge(config));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Remove expired sessions, one-time links and idempotency keys, and API tokens expired for over a month.")
    static final class Purge implements Callable<Integer> {
        private final Supplier<Config> config;
        @Spec CommandSpec spec;

        Purge(Supplier<Config> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config.get())) {
                int sessions = services.sessions().purgeExpired();
                int links = services.oneTimeTokens().purgeExpired();
                int tokens = services.apiTokens().purgeExpired();
                int keys = services.idempotencyKeys().purgeExpired();
                var out = spec.commandLine().getOut();
                out.println("Removed " + sessions + " expired session(s), " + links + " one-time link(s), "
                        + tokens + " API token(s), " + keys + " idempotency key(s).");
                out.flush();
                return 0;
            }
        }
    }
}
