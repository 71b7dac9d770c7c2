package carafe.app;

import carafe.admin.UserChange;
import carafe.admin.UserImport;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.EmailAddresses;
import carafe.auth.PasswordHasher;
import carafe.auth.PasswordPolicy;
import carafe.auth.User;
import carafe.auth.UserRepository;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carafe users ...}: accounts from the command line, against the database {@code serve} uses. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Create, list, import and manage users.")
final class UsersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    static CommandLine commandLine(Supplier<Config> config, InputStream stdin) {
        return new CommandLine(new UsersCommand())
                .addSubcommand(new Create(config, stdin))
                .addSubcommand(new ListUsers(config))
                .addSubcommand(new SetPassword(config, stdin))
                .addSubcommand(new SetRole(config))
                .addSubcommand(new Deactivate(config))
                .addSubcommand(new ResetMfa(config))
                .addSubcommand(new Import(config));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A new password, never from an argument (it would stay in the shell history and process list). */
    static final class PasswordInput {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean fromStdin;

        String read(InputStream stdin) {
            String password;
            if (fromStdin) {
                try {
                    password = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    throw new IllegalArgumentException("Could not read the password from standard input: " + e.getMessage());
                }
                if (password == null) throw new IllegalArgumentException("No password on standard input.");
            } else {
                var console = System.console();
                if (console == null) {
                    throw new IllegalArgumentException("No terminal to ask for the password: pipe it in with --password-stdin.");
                }
                char[] first = console.readPassword("Password: ");
                char[] again = console.readPassword("Password again: ");
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    throw new IllegalArgumentException("The passwords do not match.");
                }
                password = new String(first);
            }
            var problem = new PasswordPolicy().problem(password);
            if (problem.isPresent()) throw new IllegalArgumentException("The password " + problem.get() + ".");
            return password;
        }
    }

    static User find(UserRepository users, String email) {
        return users.findByEmail(EmailAddresses.normalize(email))
                .orElseThrow(() -> new IllegalArgumentException("No user with email " + email + "."));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a user (email confirmed) with a password read from the terminal or standard input.")
    static final class Create implements Callable<Integer> {
        private final Supplier<Config> config;
        private final InputStream stdin;
        @Spec CommandSpec spec;
        @Option(names = "--email", required = true, description = "Their email address.") String email;
        @Option(names = "--name", required = true, description = "Their name, as shown on the pages.") String name;
        @Option(names = "--admin", description = "Make them an administrator.") boolean admin;
        @CommandLine.Mixin PasswordInput password = new PasswordInput();

        Create(Supplier<Config> config, InputStream stdin) {
            this.config = config;
            this.stdin = stdin;
        }

        @Override
        public Integer call() {
            String address = EmailAddresses.normalize(email);
            if (!EmailAddresses.isPlausible(address)) throw new IllegalArgumentException("--email is not an email address.");
            if (name.isBlank() || name.strip().length() > 100) {
                throw new IllegalArgumentException("--name must be 1 to 100 characters.");
            }
            String hash = new PasswordHasher().hash(password.read(stdin));
            try (var services = Services.open(config.get())) {
                var roles = admin ? List.of(User.USER, User.ADMIN) : List.of(User.USER);
                User user;
                try {
                    // The operator vouches for the address, so it counts as confirmed.
                    user = services.users().insertImported(address, name.strip(), hash, true, services.clock().instant(), roles,
                            services.clock().instant());
                } catch (UserRepository.EmailTaken e) {
                    throw new IllegalArgumentException("A user with email " + address + " already exists.");
                }
                services.audit().record(user.id(), null, AuditType.REGISTERED, RequestOrigin.NONE, "created by operator");
                spec.commandLine().getOut().println("Created " + (admin ? "administrator " : "user ") + address
                        + " (id " + user.id() + ").");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users, oldest first.")
    static final class ListUsers implements Callable<Integer> {
        private final Supplier<Config> config;
        @Spec CommandSpec spec;
        @Option(names = "--admin", description = "Only administrators.") boolean adminsOnly;

        ListUsers(Supplier<Config> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config.get())) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-8s %-40s %-30s %-12s %s%n", "ID", "EMAIL", "NAME", "ROLES", "STATE");
                for (User user : services.users().all(adminsOnly)) {
                    out.printf("%-8d %-40s %-30s %-12s %s%n", user.id(), user.email(), user.name(),
                            String.join(",", user.roles()), user.active() ? "active" : "deactivated");
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = "Set a user's password (from the terminal or standard input) and end their sessions.")
    static final class SetPassword implements Callable<Integer> {
        private final Supplier<Config> config;
        private final InputStream stdin;
        @Spec CommandSpec spec;
        @Option(names = "--email", required = true, description = "The user's email address.") String email;
        @CommandLine.Mixin PasswordInput password = new PasswordInput();

        SetPassword(Supplier<Config> config, InputStream stdin) {
            this.config = config;
            this.stdin = stdin;
        }

        @Override
        public Integer call() {
            String hash = new PasswordHasher().hash(password.read(stdin));
            try (var services = Services.open(config.get())) {
                User user = find(services.users(), email);
                services.users().replacePasswordHash(user.id(), hash, services.clock().instant());
                services.secondFactors().passwordChanged(user.id());
                int ended = services.sessions().endAllFor(user.id());
                services.audit().record(user.id(), null, AuditType.PASSWORD_SET_BY_OPERATOR, RequestOrigin.NONE, null);
                spec.commandLine().getOut().println("Password set for " + user.email() + "; ended " + ended + " session(s).");
                return 0;
            }
        }
    }

    @Command(name = "set-role", mixinStandardHelpOptions = true,
            description = "Make a user an administrator (admin) or not (user); ends their sessions.")
    static final class SetRole implements Callable<Integer> {
        enum Role { admin, user }

        private final Supplier<Config> config;
        @Spec CommandSpec spec;
        @Option(names = "--email", required = true, description = "The user's email address.") String email;
        @Option(names = "--role", required = true, description = "admin or user.") Role role;

        SetRole(Supplier<Config> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config.get())) {
                User user = find(services.users(), email);
                var roles = role == Role.admin ? List.of(User.USER, User.ADMIN) : List.of(User.USER);
                var changed = services.adminUsers().change(null, user.id(), new UserChange(roles, null), RequestOrigin.NONE);
                spec.commandLine().getOut().println(changed.email() + " now has roles " + String.join(",", changed.roles()) + ".");
                return 0;
            }
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "Deactivate a user: ends their sessions and API tokens; they cannot sign in.")
    static final class Deactivate implements Callable<Integer> {
        private final Supplier<Config> config;
        @Spec CommandSpec spec;
        @Option(names = "--email", required = true, description = "The user's email address.") String email;

        Deactivate(Supplier<Config> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config.get())) {
                User user = find(services.users(), email);
                services.adminUsers().change(null, user.id(), new UserChange(null, false), RequestOrigin.NONE);
                spec.commandLine().getOut().println("Deactivated " + user.email() + ".");
                return 0;
            }
        }
    }

    @Command(name = "reset-mfa", mixinStandardHelpOptions = true,
            description = "For a lost phone: remove every second factor and recovery code of a user, end their "
                    + "sessions and mail them. They sign in with their password alone and can set it up again.")
    static final class ResetMfa implements Callable<Integer> {
        private final Supplier<Config> config;
        @Spec CommandSpec spec;
        @Option(names = "--email", required = true, description = "The user's email address.") String email;

        ResetMfa(Supplier<Config> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config.get())) {
                User user = find(services.users(), email);
                services.secondFactors().resetAll(user.id(), null, RequestOrigin.NONE);
                spec.commandLine().getOut().println("Two-step sign-in reset for " + user.email()
                        + ": every second factor removed, sessions ended, the user mailed.");
                return 0;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import users from a CSV (with a header row) or JSON array export: email, name, "
                    + "password_hash, active, confirmed_at, roles. All or nothing unless --skip-invalid.")
    static final class Import implements Callable<Integer> {
        private final Supplier<Config> config;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "The .csv or .json file.") Path file;
        @Option(names = "--skip-invalid", description = "Import the valid rows and report the others.") boolean skipInvalid;

        Import(Supplier<Config> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config.get())) {
                UserImport.Result result;
                try {
                    result = new UserImport(services.database().dsl(), services.clock()).run(file, skipInvalid);
                } catch (UserImport.UnreadableFile e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
                PrintWriter err = spec.commandLine().getErr();
                result.problems().forEach(problem -> err.println(file.getFileName() + " " + problem));
                err.flush();
                PrintWriter out = spec.commandLine().getOut();
                if (!result.problems().isEmpty() && !skipInvalid) {
                    err.println("Nothing was imported: fix the rows above, or pass --skip-invalid to import the others.");
                    err.flush();
                    return 1;
                }
                out.println("Imported " + result.imported() + " user(s)"
                        + (result.problems().isEmpty() ? "." : "; skipped " + result.problems().size() + " invalid row(s)."));
                out.flush();
                return 0;
            }
        }
    }
}
