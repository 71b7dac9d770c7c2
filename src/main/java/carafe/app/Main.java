package carafe.app;

import carafe.db.ServerLock;
import carafe.generator.NewCommand;
import carafe.redis.Redis;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code carafe} command: {@code serve}, {@code db ...}, {@code users ...}, {@code sessions ...} and
 * {@code new resource ...}.
 */
@Command(name = "carafe", mixinStandardHelpOptions = true, version = "Carafe 0.1.0",
        description = "A web backend with accounts, sessions, a JSON API and pages.")
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(commandLine(Config::load).execute(args));
    }

    /** The command tree; tests pass their own config instead of the environment's. */
    public static CommandLine commandLine(Supplier<Config> config) {
        return commandLine(config, System.in);
    }

    /** The command tree reading passwords (--password-stdin) from {@code stdin}; tests pass their own. */
    public static CommandLine commandLine(Supplier<Config> config, java.io.InputStream stdin) {
        var cli = new CommandLine(new Main())
                .addSubcommand(new ServeCommand(config))
                .addSubcommand(DbCommand.commandLine(config))
                .addSubcommand(UsersCommand.commandLine(config, stdin))
                .addSubcommand(SessionsCommand.commandLine(config))
                // The generator writes into the source tree of the folder it runs in (./carafe runs there).
                .addSubcommand(NewCommand.commandLine(Path.of("")));
        // A failure the user can fix (bad config, bad name) is one clear line, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof carafe.web.HttpProblem refused) { // e.g. the last administrator
                commandLine.getErr().println(refused.detail());
                return 1;
            }
            boolean explained = e instanceof Config.ConfigException || e instanceof IllegalArgumentException
                    || e instanceof Redis.Unreachable || e instanceof ServerLock.InUse;
            commandLine.getErr().println(explained ? e.getMessage() : "carafe: " + e);
            if (!explained) e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
