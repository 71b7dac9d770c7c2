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
            description = "Remove what has expired, as the server's janitor does every ten minutes: sessions, one-time links, "
                    + "API tokens expired for over a month, remembered devices, ceremonies, idempotency keys, "
                    + "mail given up longer ago than CARAFE_MAIL_FAILED_RETENTION.")
    static final class Purge implements Callable<Integer> {
        private final Supplier<Config> config;
        @Spec CommandSpec spec;

        Purge(Supplier<Config> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config.get())) {
                var out = spec.commandLine().getOut();
                for (Cleanup cleanup : Cleanup.of(services)) {
                    out.println("Removed " + cleanup.run().getAsInt() + " " + cleanup.what() + ".");
                }
                out.flush();
                return 0;
            }
        }
    }
}
