package carafe.generator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carafe new ...}: code for this project, written into its source tree. */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Add code to this project's source tree.")
public final class NewCommand implements Runnable {
    /** The command, writing into the project whose root folder is {@code root}. */
    public static CommandLine commandLine(Path root) {
        return new CommandLine(new NewCommand()).addSubcommand(new Resource(root));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "resource", mixinStandardHelpOptions = true,
            description = "Write a resource shaped like the notes: service, repository, JSON API, pages, a migration"
                    + " per database, its part of the API document and its tests, and wire it into App. Run it from the"
                    + " project's root folder. It writes nothing if one of its files exists or a name is taken (exit 1).",
            footer = {"", "Example: carafe new resource projects name:string(120) summary:text? budget:int? active:bool"
                    + " due:date? kickoff:timestamp?"})
    static final class Resource implements Callable<Integer> {
        private final Path root;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME",
                description = "The resource, plural and lower case: projects, time_entries.")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FIELD",
                description = "name:type, with type string(N), text, int, bool, date or timestamp; a ? after the type"
                        + " makes the field optional: title:string(200) notes:text? due:date?")
        List<String> fields;

        @Option(names = "--singular", paramLabel = "WORD",
                description = "The singular, when it is not NAME without its plural ending: --singular person.")
        String singular;

        Resource(Path root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                var resource = ResourceSpec.parse(name, singular, fields);
                var result = new ResourceGenerator(SourceTree.at(root)).generate(resource);
                result.created().forEach(file -> out.println("created  " + file));
                out.println("wired    " + result.wired() + ": " + result.wiringLine());
                out.println();
                out.println("Next: ./carafe test (or ./mvnw verify -Dtest='" + new ResourceModel(resource, 0).types()
                        + "*'), then make it yours: README.md, \"Adding a resource\".");
                return 0;
            } catch (Refused refused) {
                err.println("carafe new resource: refused, nothing was written:");
                refused.reasons().forEach(reason -> err.println("  " + reason));
                return 1;
            }
        }
    }
}
