import carafe.app.App;
import carafe.app.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notes scale check (bench/scale): 1 000 000 notes over 10 000 users, loaded in bulk with SQL,
 * then p50/p99 latency of one heavy user's first page, 50th page and searches, over real HTTP, at
 * concurrency 1 and 16. Usage: java -cp target/carafe.jar bench/ScaleCheck.java sqlite|postgresql
 */
public class ScaleCheck {
    static final int USERS = 10_000;
    static final int NOTES = 1_000_000;
    static final int HEAVY_USER_NOTES = 5_000; // enough for 50 pages of 20, and a search that must read many
    static final int REQUESTS = 400;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "sqlite";
        Path dir = Files.createTempDirectory("carafe-scale");
        String url = kind.equals("postgresql") ? freshPostgres() : "jdbc:sqlite:" + dir.resolve("scale.db");
        var config = Config.from(Map.of("CARAFE_HOST", "127.0.0.1", "CARAFE_PORT", "0",
                "CARAFE_DATA_DIR", dir.toString(), "CARAFE_DATABASE_URL", url));
        try (App app = App.create(config, Clock.tick(Clock.systemUTC(), java.time.Duration.ofMillis(1))).start()) {
            String base = "http://127.0.0.1:" + app.port();
            String cookie = register(base);
            long started = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url)) {
                load(c, kind);
            }
            System.out.printf("%s: loaded %,d users and %,d notes in %.1f s%n", kind, USERS, NOTES,
                    (System.nanoTime() - started) / 1e9);
            String cursor50 = cursorOfPage(base, cookie, 50);
            var rows = new ArrayList<String>();
            for (int concurrency : new int[] {1, 16}) {
                rows.add(row("first page", concurrency, measure(base + "/api/notes", cookie, concurrency)));
                rows.add(row("50th page", concurrency, measure(base + "/api/notes?cursor=" + cursor50, cookie, concurrency)));
                rows.add(row("search, frequent word", concurrency, measure(base + "/api/notes?q=gardens", cookie, concurrency)));
                rows.add(row("search, one match", concurrency, measure(base + "/api/notes?q=number%204242%20", cookie, concurrency)));
            }
            System.out.println();
            System.out.println("| " + kind + " (1M notes; user with " + HEAVY_USER_NOTES + ") | concurrency | p50 ms | p99 ms | req/s |");
            System.out.println("|---|---|---|---|---|");
            rows.forEach(System.out::println);
        } finally {
            if (kind.equals("postgresql")) dropPostgres();
        }
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

    /** Set-based inserts: the database generates the rows itself, so a million take seconds. */
    static void load(Connection c, String kind) throws Exception {
        c.setAutoCommit(false);
        var s = c.createStatement();
        int others = NOTES - HEAVY_USER_NOTES;
        if (kind.equals("postgresql")) {
            s.execute("insert into users (email, name, password_hash, roles, active, created_at, updated_at) "
                    + "select 'user' || g || '@scale.test', 'User ' || g, 'x', 'user', true, now(), now() "
                    + "from generate_series(1, " + (USERS - 1) + ") g");
            s.execute("insert into notes (owner_id, title, body, created_at, updated_at, version) "
                    + "select 1, 'Note ' || g, 'Body text number ' || g || ' about ' || (array['gardens','travel','recipes','work','music'])[1 + g % 5], "
                    + "now() - make_interval(secs => g), now() - make_interval(secs => g), 1 from generate_series(1, " + HEAVY_USER_NOTES + ") g");
            s.execute("insert into notes (owner_id, title, body, created_at, updated_at, version) "
                    + "select 2 + g % " + (USERS - 1) + ", 'Note ' || g, 'Body text number ' || g || ' about ' || (array['gardens','travel','recipes','work','music'])[1 + g % 5], "
                    + "now() - make_interval(secs => g), now() - make_interval(secs => g), 1 from generate_series(1, " + others + ") g");
            c.commit();
            c.setAutoCommit(true);
            s.execute("analyze");
        } else {
            String ts = "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', '-' || g || ' seconds')";
            String topic = "case g % 5 when 0 then 'gardens' when 1 then 'travel' when 2 then 'recipes' when 3 then 'work' else 'music' end";
            s.execute("with recursive seq(g) as (select 1 union all select g + 1 from seq where g < " + (USERS - 1) + ") "
                    + "insert into users (email, name, password_hash, roles, active, created_at, updated_at) "
                    + "select 'user' || g || '@scale.test', 'User ' || g, 'x', 'user', 1, " + ts + ", " + ts + " from seq");
            s.execute("with recursive seq(g) as (select 1 union all select g + 1 from seq where g < " + HEAVY_USER_NOTES + ") "
                    + "insert into notes (owner_id, title, body, created_at, updated_at, version) "
                    + "select 1, 'Note ' || g, 'Body text number ' || g || ' about ' || " + topic + ", " + ts + ", " + ts + ", 1 from seq");
            s.execute("with recursive seq(g) as (select 1 union all select g + 1 from seq where g < " + others + ") "
                    + "insert into notes (owner_id, title, body, created_at, updated_at, version) "
                    + "select 2 + g % " + (USERS - 1) + ", 'Note ' || g, 'Body text number ' || g || ' about ' || " + topic + ", " + ts + ", " + ts + ", 1 from seq");
            c.commit();
            c.setAutoCommit(true);
            s.execute("analyze");
        }
    }

    static String cursorOfPage(String base, String cookie, int page) throws Exception {
        String cursor = null;
        Pattern next = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
        for (int i = 1; i < page; i++) {
            String body = get(base + "/api/notes" + (cursor == null ? "" : "?cursor=" + cursor), cookie).body();
            Matcher m = next.matcher(body);
            if (!m.find()) throw new IllegalStateException("no page " + (i + 1));
            cursor = m.group(1);
        }
        return cursor;
    }

    static HttpResponse<String> get(String url, String cookie) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(url + " -> " + response.statusCode());
        return response;
    }

    /** Latencies in ms of REQUESTS requests (after a warm-up), sent by {@code concurrency} clients. */
    static double[] measure(String url, String cookie, int concurrency) throws Exception {
        for (int i = 0; i < 100; i++) get(url, cookie);
        double[] latencies = new double[REQUESTS];
        long start = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(concurrency)) {
            var tasks = new ArrayList<Callable<Void>>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                tasks.add(() -> {
                    long t0 = System.nanoTime();
                    get(url, cookie);
                    latencies[n] = (System.nanoTime() - t0) / 1e6;
                    return null;
                });
            }
            for (var f : pool.invokeAll(tasks)) f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new double[] {latencies[REQUESTS / 2], latencies[(int) Math.ceil(REQUESTS * 0.99) - 1], REQUESTS / seconds};
    }

    static String row(String what, int concurrency, double[] m) {
        return String.format("| %s | %d | %.2f | %.2f | %.0f |", what, concurrency, m[0], m[1], m[2]);
    }

    static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    static String freshPostgres() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN)) {
            c.createStatement().execute("drop database if exists carafe_scale with (force)");
            c.createStatement().execute("create database carafe_scale");
        }
        return "jdbc:postgresql://127.0.0.1:5432/carafe_scale?user=postgres";
    }

    static void dropPostgres() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN)) {
            c.createStatement().execute("drop database if exists carafe_scale with (force)");
        }
    }
}
