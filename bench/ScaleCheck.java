import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The notes scale check (bench/scale). For each database kind: a fresh database, Carafe started as its
 * own process with {@code ./carafe serve} (so the server does not share a JVM, heap or JIT with this
 * load generator), 1 000 000 notes over 10 000 users loaded in bulk with SQL, then p50/p99 latency of one
 * heavy user's first page, 50th page and searches over real HTTP, at concurrency 1 and 16.
 *
 * <p>Usage: {@code java -cp target/carafe.jar bench/ScaleCheck.java [--requests N] [--warmup SECONDS]
 * [--rounds N] sqlite|postgresql ...}. CARAFE_JAVA_OPTS reaches the server's JVM (e.g. a JFR recording).
 */
public class ScaleCheck {
    static final int USERS = 10_000;
    static final int NOTES = 1_000_000;
    /** Every 200th note is the heavy user's: 5 000 notes, enough for 50 pages of 20 and a search that reads many. */
    static final int HEAVY_EVERY = 200;
    static final int HEAVY_USER_NOTES = NOTES / HEAVY_EVERY;
    static final String POSTGRES_ADMIN = System.getenv().getOrDefault("SCALE_POSTGRES_ADMIN_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    record Options(int requests, int warmupSeconds, int rounds, List<String> kinds) {
        static Options parse(String[] args) {
            int requests = 2000, warmup = 10, rounds = 1;
            var kinds = new ArrayList<String>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--requests" -> requests = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "sqlite" -> kinds.add("sqlite");
                    case "postgresql", "postgres" -> kinds.add("postgresql");
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                            + " (use [--requests N] [--warmup SECONDS] [--rounds N] sqlite|postgresql ...)");
                }
            }
            if (requests < 100) throw new IllegalArgumentException("--requests must be at least 100 for a p99");
            return new Options(requests, warmup, rounds, kinds.isEmpty() ? List.of("sqlite", "postgresql") : kinds);
        }
    }

    record Workload(String name, String path) {}

    record Result(Workload workload, int concurrency, double p50, double p99, double max, double perSecond) {
        String row() {
            return String.format("| %s | %d | %.2f | %.2f | %.2f | %.0f |", workload.name, concurrency, p50, p99, max, perSecond);
        }
    }

    public static void main(String[] args) throws Exception {
        var options = Options.parse(args);
        System.out.printf("bench/scale: %d cores, %s, load average %s; %d requests per row after %d s of warm-up%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"), loadAverage(), options.requests, options.warmupSeconds);
        for (String kind : options.kinds) run(kind, options);
    }

    static void run(String kind, Options options) throws Exception {
        var run = new Run(kind, Files.createTempDirectory("carafe-scale"),
                "carafe_scale_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        Thread onInterrupt = new Thread(run::cleanUp); // Ctrl-C still stops the server and drops the database
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            String url = kind.equals("postgresql") ? createPostgres(run.database) : "jdbc:sqlite:" + run.dir.resolve("scale.db");
            run.server = startServer(url, run.dir);
            String base = "http://127.0.0.1:" + waitForPort(run.server, run.dir);

            String cookie = register(base);
            long loadStarted = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url)) {
                load(c, kind);
            }
            System.out.printf("%n%s: loaded %,d users and %,d notes in %.1f s (set-based SQL, then ANALYZE)%n",
                    kind, USERS, NOTES, (System.nanoTime() - loadStarted) / 1e9);

            var workloads = List.of(
                    new Workload("first page", "/api/notes"),
                    new Workload("50th page", "/api/notes?cursor=" + cursorOfPage(base, cookie, 50)),
                    new Workload("search, frequent word", "/api/notes?q=gardens"),
                    new Workload("search, one match", "/api/notes?q=number%204242%20"));
            warmUp(base, cookie, workloads, options.warmupSeconds);
            for (int round = 1; round <= options.rounds; round++) {
                var results = new ArrayList<Result>();
                for (int concurrency : new int[] {1, 16}) {
                    for (Workload workload : workloads) {
                        results.add(measure(base, cookie, workload, concurrency, options.requests));
                    }
                }
                System.out.printf("%n%s, round %d of %d, %s, load average after it %s:%n", kind, round, options.rounds,
                        LocalDate.now(), loadAverage());
                System.out.println("| " + kind + " (1M notes; user with " + HEAVY_USER_NOTES
                        + ") | concurrency | p50 ms | p99 ms | max ms | req/s |");
                System.out.println("|---|---|---|---|---|---|");
                results.forEach(r -> System.out.println(r.row()));
            }
        } catch (Exception e) {
            Process server = run.server;
            System.err.printf("bench/scale: %s failed; the server %s. Its log ends:%n%s%n", kind,
                    server == null ? "did not start" : server.isAlive() ? "is running" : "exited with " + server.exitValue(),
                    tail(run.dir.resolve("server.log")));
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
            run.cleanUp();
        }
    }

    /** What one run leaves behind until it is cleaned up: the server process, its folder, its database. */
    static final class Run {
        final String kind;
        final Path dir;
        final String database;
        volatile Process server;

        Run(String kind, Path dir, String database) {
            this.kind = kind;
            this.dir = dir;
            this.database = database;
        }

        synchronized void cleanUp() {
            try {
                if (server != null && server.isAlive()) {
                    server.destroy(); // SIGTERM: the server drains and closes its pool before the database goes
                    if (!server.waitFor(30, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
                }
                if (kind.equals("postgresql")) {
                    try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN)) {
                        c.createStatement().execute("drop database if exists " + database + " with (force)");
                    }
                }
                if (Files.exists(dir)) {
                    try (Stream<Path> paths = Files.walk(dir)) {
                        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                    }
                }
            } catch (Exception e) {
                System.err.println("bench/scale: clean-up failed: " + e);
            }
        }
    }

    /** {@code ./carafe serve} on a free loopback port; its output goes to server.log in the run's folder. */
    static Process startServer(String url, Path dir) throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var builder = new ProcessBuilder("./carafe", "serve")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("CARAFE_") && !key.equals("CARAFE_JAVA_OPTS"));
        env.putAll(Map.of(
                "CARAFE_CONFIG", dir.resolve("none.properties").toString(), // not the developer's carafe.properties
                "CARAFE_HOST", "127.0.0.1",
                "CARAFE_PORT", Integer.toString(port),
                "CARAFE_DATA_DIR", dir.toString(),
                "CARAFE_DATABASE_URL", url,
                "CARAFE_SHUTDOWN_GRACE", "2s"));
        Files.writeString(dir.resolve("port"), Integer.toString(port));
        return builder.start();
    }

    static int waitForPort(Process server, Path dir) throws Exception {
        int port = Integer.parseInt(Files.readString(dir.resolve("port")));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) throw new IllegalStateException("the server stopped:\n" + tail(dir.resolve("server.log")));
            try {
                var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return port;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not answer /health/live:\n" + tail(dir.resolve("server.log")));
    }

    static String register(String base) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"heavy@scale.test\",\"name\":\"Heavy\",\"password\":\"a long passphrase 42\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) throw new IllegalStateException("register: " + response.body());
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    /**
     * Set-based inserts: the database generates the rows itself, so a million take seconds. Every 200th
     * note is the heavy user's, so their notes are spread over the whole table as they would be after
     * years of use (not packed into a few pages), and numbered 1..5000 among themselves.
     */
    static void load(Connection c, String kind) throws Exception {
        boolean postgres = kind.equals("postgresql");
        long heavy = single(c, "select id from users where email = 'heavy@scale.test'");
        c.setAutoCommit(false);
        var s = c.createStatement();
        String sequence = postgres ? "generate_series(1, %d) g"
                : "(with recursive seq(g) as (select 1 union all select g + 1 from seq where g < %d) select g from seq)";
        String ago = postgres ? "now() - make_interval(secs => g)" : "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', '-' || g || ' seconds')";
        s.execute("insert into users (email, name, password_hash, roles, active, created_at, updated_at) "
                + "select 'user' || g || '@scale.test', 'User ' || g, 'x', 'user', " + (postgres ? "true" : "1")
                + ", " + ago + ", " + ago + " from " + sequence.formatted(USERS - 1));
        long firstOther = single(c, "select min(id) from users where email like 'user%@scale.test'");
        long lastOther = single(c, "select max(id) from users where email like 'user%@scale.test'");
        if (lastOther - firstOther != USERS - 2) throw new IllegalStateException("the other users' ids are not consecutive");
        String owner = "case when g % " + HEAVY_EVERY + " = 0 then " + heavy + " else " + firstOther + " + g % " + (USERS - 1) + " end";
        String number = "case when g % " + HEAVY_EVERY + " = 0 then g / " + HEAVY_EVERY + " else g end";
        String topic = "case (" + number + ") % 5 when 0 then 'gardens' when 1 then 'travel' when 2 then 'recipes' "
                + "when 3 then 'work' else 'music' end";
        s.execute("insert into notes (owner_id, title, body, created_at, updated_at, version) "
                + "select " + owner + ", 'Note ' || " + number + ", 'Body text number ' || " + number + " || ' about ' || "
                + topic + ", " + ago + ", " + ago + ", 1 from " + sequence.formatted(NOTES));
        c.commit();
        c.setAutoCommit(true);
        // Fresh statistics, as after autovacuum caught up; and no autovacuum or checkpoint of the load
        // left to run in the middle of the measurement.
        s.execute(postgres ? "vacuum analyze" : "analyze");
        if (!postgres) s.execute("pragma wal_checkpoint(truncate)");
        long heavyNotes = single(c, "select count(*) from notes where owner_id = " + heavy);
        if (heavyNotes != HEAVY_USER_NOTES) throw new IllegalStateException("the heavy user has " + heavyNotes + " notes");
    }

    static long single(Connection c, String sql) throws Exception {
        try (PreparedStatement statement = c.prepareStatement(sql); var rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String cursorOfPage(String base, String cookie, int page) throws Exception {
        String cursor = null;
        Pattern next = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
        for (int i = 1; i < page; i++) {
            String body = get(base + "/api/notes" + (cursor == null ? "" : "?cursor=" + cursor), cookie);
            Matcher m = next.matcher(body);
            if (!m.find()) throw new IllegalStateException("no page " + (i + 1));
            cursor = m.group(1);
        }
        return cursor;
    }

    static String get(String url, String cookie) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(url + " -> " + response.statusCode());
        return response.body();
    }

    /** Both JVMs need a while before the JIT has compiled the request path; the first seconds are not the server. */
    static void warmUp(String base, String cookie, List<Workload> workloads, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        var count = new AtomicLong();
        try (var pool = Executors.newFixedThreadPool(4)) {
            var tasks = new ArrayList<Callable<Void>>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        get(base + workloads.get(i % workloads.size()).path, cookie);
                        count.incrementAndGet();
                    }
                    return null;
                });
            }
            for (var f : pool.invokeAll(tasks)) f.get();
        }
        System.out.printf("warm-up: %,d requests in %d s%n", count.get(), seconds);
    }

    /** {@code requests} requests sent by {@code concurrency} clients, each waiting for its answer before the next. */
    static Result measure(String base, String cookie, Workload workload, int concurrency, int requests) throws Exception {
        String url = base + workload.path;
        for (int i = 0; i < 20; i++) get(url, cookie);
        double[] latencies = new double[requests];
        var nextIndex = new AtomicLong();
        long start = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(concurrency)) {
            var clients = new ArrayList<Callable<Void>>();
            for (int t = 0; t < concurrency; t++) {
                clients.add(() -> {
                    for (int n; (n = (int) nextIndex.getAndIncrement()) < requests; ) {
                        long t0 = System.nanoTime();
                        get(url, cookie);
                        latencies[n] = (System.nanoTime() - t0) / 1e6;
                    }
                    return null;
                });
            }
            for (var f : pool.invokeAll(clients)) f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Result(workload, concurrency, latencies[requests / 2], latencies[(int) Math.ceil(requests * 0.99) - 1],
                latencies[requests - 1], requests / seconds);
    }

    static String createPostgres(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN)) {
            c.createStatement().execute("create database " + database);
        }
        return POSTGRES_ADMIN.replace("/postgres?", "/" + database + "?");
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
