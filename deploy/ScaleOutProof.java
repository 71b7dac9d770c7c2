import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of the multi-instance proof (deploy/prove, which starts and stops every process): two
 * Carafe instances A and B behind nginx, sharing PostgreSQL and Redis. One phase per run:
 *
 * <ul>
 *   <li>{@code sessions}: a sign-in through nginx works on A and on B; a sign-out on A is seen by B at once.
 *   <li>{@code kill}: load through nginx while A is SIGKILLed; only requests in flight on A may fail,
 *       every session still works on B; every create carries its own Idempotency-Key and a failed one is
 *       retried with it until created: every acknowledged or retried note is in the database exactly once.
 *   <li>{@code throttle}: wrong passwords for one account alternated between A and B trip the
 *       per-account limit at the same count as on one instance.
 *   <li>{@code term}: paced load through nginx while one instance is SIGTERMed: no request fails and
 *       the instance exits cleanly within its drain and grace periods.
 * </ul>
 *
 * <p>JDK only: {@code java deploy/ScaleOutProof.java PHASE --nginx URL --a URL --b URL --state DIR
 * --database NAME [...]}. Numbers go to stdout and to {@code DIR/summary.tsv}; a violation ends the run
 * with exit status 1 and a line starting with "FAILED".
 */
public class ScaleOutProof {
    /** Production mode: Secure cookies carry the __Host- prefix. */
    static final String SESSION_COOKIE = "__Host-carafe_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final Pattern CSRF_TOKEN = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    /** The access log format "carafe" of deploy/nginx/carafe.conf. */
    static final Pattern ACCESS_LINE = Pattern.compile("\" (\\d{3}) upstream=(.*?) upstream_status=");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    /** As the database's created_at is printed, to set a note's time beside the SIGKILL's. */
    static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    static final String RUN = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    static final class ProofFailure extends RuntimeException {
        ProofFailure(String message) {
            super(message);
        }
    }

    record Options(String phase, String nginx, String a, String b, Path state, String database, int seconds,
                   int clients, int rate, String target, Set<Integer> cleanExits, int stopSeconds) {
        static Options parse(String[] args) {
            if (args.length == 0) throw new IllegalArgumentException("usage: PHASE --nginx URL --a URL --b URL ...");
            Map<String, String> named = new HashMap<>();
            for (int i = 1; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value, got " + args[i]);
                }
                named.put(args[i].substring(2), args[i + 1]);
            }
            return new Options(args[0], required(named, "nginx"), required(named, "a"), required(named, "b"),
                    Path.of(required(named, "state")), required(named, "database"),
                    Integer.parseInt(named.getOrDefault("seconds", "30")),
                    Integer.parseInt(named.getOrDefault("clients", "100")),
                    Integer.parseInt(named.getOrDefault("rate", "300")),
                    named.getOrDefault("target", "A"),
                    Set.of(named.getOrDefault("clean-exits", "0").split(",")).stream()
                            .map(String::trim).map(Integer::parseInt).collect(Collectors.toSet()),
                    Integer.parseInt(named.getOrDefault("stop-seconds", "23")));
        }

        private static String required(Map<String, String> named, String name) {
            String value = named.get(name);
            if (value == null) throw new IllegalArgumentException("missing --" + name);
            return value;
        }

        String url(String instance) {
            return instance.equals("A") ? a : b;
        }
    }

    public static void main(String[] args) {
        try {
            var options = Options.parse(args);
            switch (options.phase) {
                case "sessions" -> new ScaleOutProof(options).sessions();
                case "kill" -> new ScaleOutProof(options).kill();
                case "throttle" -> new ScaleOutProof(options).throttle();
                case "term" -> new ScaleOutProof(options).term();
                default -> throw new IllegalArgumentException("unknown phase " + options.phase);
            }
        } catch (ProofFailure e) {
            System.out.println("FAILED: " + e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            System.err.println("ScaleOutProof: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.out.println("FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private final Options options;
    private final Map<String, String> summary = new LinkedHashMap<>();

    ScaleOutProof(Options options) {
        this.options = options;
    }

    // ---- a, b: one session, every instance ------------------------------------------------------

    void sessions() throws Exception {
        String email = email("shared");
        String password = password();
        expect(register(options.nginx, email, password).status, 201, "register through nginx");
        User user = login(options.nginx, email, password);
        for (String instance : List.of("A", "B")) {
            expect(get(options.url(instance), "/api/auth/session", user).status, 200,
                    "the session from a sign-in through nginx, on " + instance + " directly");
        }
        expect(send("POST", options.a, "/api/auth/logout", user, null).status, 204, "sign-out on A");
        expect(get(options.b, "/api/auth/session", user).status, 401, "the signed-out cookie on B, at once");
        System.out.println("sessions: signed in through nginx, valid on A and B; signed out on A, refused on B");
        record("a. sign-in through nginx valid on A and B", "yes");
        record("b. sign-out on A refused on B at once", "yes (401)");
        writeSummary();
    }

    // ---- c: SIGKILL under load ------------------------------------------------------------------

    void kill() throws Exception {
        List<User> users = registerMany(options.clients, "kill");
        long logStart = accessLogSize();
        var killer = new Signal(instanceDir(options.target), false, options.seconds * 1000L / 2);
        Load load = new Load(options.nginx, users, options.seconds, 0, true).run(killer);
        var result = new KillResult(options.target, users.size(), load, killer,
                InstanceExit.await(instanceDir(options.target), 10),
                NginxLog.read(accessLog(), logStart, upstream(options.target)),
                checkSessions(options.url(other(options.target)), users),
                verifyNotes(load.created), WriteTally.of(load.writes, notesOfThisRun()));
        result.print();
        result.record(this);
        writeSummary();
        result.check();
    }

    /** What phase c saw: the load, when the killed instance ended, nginx's view, and the checks after it. */
    record KillResult(String target, int clients, Load load, Signal killer, InstanceExit exit, NginxLog nginx,
                      int sessionsOk, int verified, WriteTally writes) {
        List<Outcome> failures() {
            return load.failures();
        }

        /**
         * The kill is not instant: the kernel tears down a JVM of many threads before it resets its
         * connections. A request is in flight at the kill if it was under way at any time between the
         * signal and the moment deploy/prove saw the process end.
         */
        List<Outcome> inFlight() {
            long endedNanos = killer.sentNanos + TimeUnit.MILLISECONDS.toNanos(endedAfterMillis());
            return failures().stream().filter(o -> o.overlaps(killer.sentNanos, endedNanos)).toList();
        }

        long endedAfterMillis() {
            return exit.atMillis - killer.sentEpochMillis;
        }

        void print() {
            System.out.printf("kill: %s ended %d ms after the SIGKILL was sent at %s UTC (exit status %d)%n", target,
                    endedAfterMillis(), UTC_TIME.format(Instant.ofEpochMilli(killer.sentEpochMillis)),
                    exit.status);
            System.out.printf("kill: %d requests in %d s with %d clients, %d 2xx, %d failed (%d in flight at the SIGKILL of %s)%n",
                    load.outcomes.size(), load.seconds, clients, load.answered2xx(), failures().size(),
                    inFlight().size(), target);
            printFailures(failures());
            List<Outcome> inFlight = inFlight();
            failures().stream().filter(o -> !inFlight.contains(o)).forEach(o -> System.out.printf(
                    "  not in flight: %s, sent %d ms after the SIGKILL%n", o.describe(),
                    (o.startNanos - killer.sentNanos) / 1_000_000));
            System.out.printf("kill: nginx logged %d requests, %d 5xx (%d of them from %s), %d answered after a failover%n",
                    nginx.requests, nginx.errors, nginx.errorsFromTarget, target, nginx.failedOver);
            writes.print();
        }

        void record(ScaleOutProof proof) {
            proof.record("c. requests through nginx (SIGKILL)", load.outcomes.size());
            proof.record("c. 2xx", load.answered2xx());
            proof.record("c. failed", failures().size());
            proof.record("c. in flight on " + target + " at the SIGKILL", inFlight().size());
            proof.record("c. " + target + " ended, ms after the SIGKILL", endedAfterMillis());
            proof.record("c. nginx 5xx (upstream " + target + " / all)", nginx.errorsFromTarget + " / " + nginx.errors);
            proof.record("c. answered by " + other(target) + " after trying " + target + " (nginx failover)", nginx.failedOver);
            proof.record("c. acknowledged writes found in PostgreSQL", verified + " / " + load.created.size());
            proof.record("c. sessions valid on " + other(target) + " afterwards", sessionsOk + " / " + clients);
            writes.record(proof);
        }

        void check() {
            int failed = failures().size(), inFlight = inFlight().size();
            ScaleOutProof.check(failed == inFlight, (failed - inFlight)
                    + " requests failed that were not in flight at the SIGKILL (sent after " + target + " had ended)");
            ScaleOutProof.check(failed <= clients, failed + " failures, more than the " + clients
                    + " clients that could have had a request in flight");
            ScaleOutProof.check(nginx.errors == failed, "nginx logged " + nginx.errors + " 5xx, the clients saw "
                    + failed + " failures");
            ScaleOutProof.check(nginx.errorsFromTarget == nginx.errors, (nginx.errors - nginx.errorsFromTarget)
                    + " 5xx came from an instance that was not killed");
            ScaleOutProof.check(sessionsOk == clients, (clients - sessionsOk) + " sessions lost with " + target);
            ScaleOutProof.check(verified == load.created.size(), (load.created.size() - verified)
                    + " notes acknowledged with 2xx are missing from the database");
            writes.check();
        }
    }

    /**
     * Phase c's creates, each with its own Idempotency-Key and retried with it until answered 201,
     * against the notes of the run in the database (rows per title): every write that was acknowledged
     * or retried must be there exactly once, whether its first try died with the instance before the
     * commit (the retry made it), after it (the retry got the replay), or while holding its key (the
     * retry waited out the lease).
     */
    record WriteTally(int attempted, int failedFirst, int retries, int conflicts, int waitedForLease, int replayed,
                      int givenUp, int duplicates, int lost, List<String> duplicated) {
        static WriteTally of(Collection<Write> writes, Map<String, List<String>> rowsByTitle) {
            List<Write> retried = writes.stream().filter(Write::retried).toList();
            int duplicates = rowsByTitle.values().stream().mapToInt(rows -> rows.size() - 1).sum();
            int lost = (int) writes.stream().filter(w -> w.acknowledged() || w.retried())
                    .filter(w -> !rowsByTitle.containsKey(w.title())).count();
            List<String> duplicated = writes.stream().filter(w -> rowsByTitle.getOrDefault(w.title(), List.of()).size() > 1)
                    .map(w -> String.format("first try %d, %d retries (%d answered 409), %s; rows: %s", w.firstStatus(),
                            w.retries(), w.conflicts(), w.replayed() ? "replayed" : "not replayed",
                            String.join(", ", rowsByTitle.get(w.title()))))
                    .toList();
            return new WriteTally(writes.size(), retried.size(), retried.stream().mapToInt(Write::retries).sum(),
                    retried.stream().mapToInt(Write::conflicts).sum(),
                    (int) retried.stream().filter(w -> w.conflicts() > 0).count(),
                    (int) retried.stream().filter(Write::replayed).count(),
                    (int) retried.stream().filter(w -> !w.acknowledged()).count(), duplicates, lost, duplicated);
        }

        int createdByRetry() {
            return failedFirst - replayed - givenUp;
        }

        void print() {
            System.out.printf("kill: %d writes, each with its own Idempotency-Key; %d first tries failed, retried %d times"
                            + " (%d answered 409: %d writes waited while a dead first try held the key): %d already"
                            + " created (replayed), %d created by the retry, %d given up%n",
                    attempted, failedFirst, retries, conflicts, waitedForLease, replayed, createdByRetry(), givenUp);
            System.out.printf("kill: in PostgreSQL, %d duplicate notes and %d lost writes%n", duplicates, lost);
            duplicated.forEach(write -> System.out.println("  created twice: " + write));
        }

        void record(ScaleOutProof proof) {
            proof.record("c. writes, each with its own Idempotency-Key", attempted);
            proof.record("c. writes whose first try failed", failedFirst);
            proof.record("c. retries (of them 409: the key still held)", retries + " (" + conflicts + ")");
            proof.record("c. retried writes that waited for the key's lease", waitedForLease);
            proof.record("c. retried writes already created (replayed)", replayed);
            proof.record("c. retried writes created by the retry / given up", createdByRetry() + " / " + givenUp);
            proof.record("c. duplicate notes in PostgreSQL (same title twice)", duplicates);
            proof.record("c. lost writes (201 or retried, not in PostgreSQL)", lost);
        }

        void check() {
            ScaleOutProof.check(givenUp == 0, givenUp + " writes were still not created after "
                    + TimeUnit.NANOSECONDS.toSeconds(Load.RETRY_FOR_NANOS) + " s of retries with their Idempotency-Key");
            ScaleOutProof.check(duplicates == 0, duplicates + " notes were created twice (the same title in more"
                    + " than one row) though every retry carried its write's Idempotency-Key");
            ScaleOutProof.check(lost == 0, lost + " writes acknowledged with 201 or retried are not in the database");
        }
    }

    // ---- d: rate limits across instances --------------------------------------------------------

    void throttle() throws Exception {
        var violations = new ArrayList<String>();
        for (String first : List.of("A", "B")) {
            String email = email("throttle");
            expect(register(options.b, email, password()).status, 201, "register on B");
            String expected = expectedThrottle(first), seen = wrongPasswords(email, first);
            System.out.println("throttle: expected " + expected + ", seen " + seen);
            record("d. 6 wrong passwords alternated, 6th on " + other(first), seen);
            if (!seen.equals(expected)) violations.add("expected " + expected + ", seen " + seen);
        }
        writeSummary();
        check(violations.isEmpty(), "the per-account limit (5 failed sign-ins) did not hold across instances: "
                + String.join("; ", violations));
    }

    /** What one instance answers on its own: five 401s, then 429 with Retry-After (CARAFE_LIMIT_LOGIN_ACCOUNT 5/15m). */
    private static String expectedThrottle(String first) {
        var steps = new ArrayList<String>();
        String instance = first;
        for (int attempt = 1; attempt <= 6; attempt++) {
            steps.add(instance + ":" + (attempt <= 5 ? "401" : "429+Retry-After"));
            instance = other(instance);
        }
        return String.join(" ", steps);
    }

    /** Six wrong passwords alternating between the instances, starting with {@code first}, as "A:401 B:401 ...". */
    private String wrongPasswords(String email, String first) throws Exception {
        var steps = new ArrayList<String>();
        String instance = first;
        for (int attempt = 1; attempt <= 6; attempt++) {
            Response response = post(options.url(instance), "/api/auth/login", null,
                    json("email", email, "password", "wrong-" + password()));
            String retryAfter = response.header("Retry-After").map(v -> "+Retry-After").orElse("");
            steps.add(instance + ":" + response.status + (response.status == 429 ? retryAfter : ""));
            instance = other(instance);
        }
        return String.join(" ", steps);
    }

    // ---- e: SIGTERM under load ------------------------------------------------------------------

    void term() throws Exception {
        List<User> users = registerMany(options.clients, "term");
        Path errorLog = options.state.resolve("nginx/error.log");
        long errorLogStart = size(errorLog), accessLogStart = accessLogSize();
        var terminator = new Signal(instanceDir(options.target), true, options.seconds * 1000L * 3 / 10);
        String readiness;
        Load load;
        try (var watcher = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> watch = watcher.submit(() -> watchReadiness(options.url(options.target), terminator));
            load = new Load(options.nginx, users, options.seconds, options.rate, false).run(terminator);
            readiness = watch.get();
        }
        var result = new TermResult(options, load, terminator,
                InstanceExit.await(instanceDir(options.target), options.stopSeconds + 10), readiness,
                NginxLog.read(accessLog(), accessLogStart, upstream(options.target)),
                newLines(errorLog, errorLogStart), verifyNotes(load.created));
        result.print();
        result.record(this);
        writeSummary();
        result.check();
    }

    /** What phase e saw: the load, how the instance stopped, nginx's view, the writes found after it. */
    record TermResult(Options options, Load load, Signal terminator, InstanceExit exit, String readiness,
                      NginxLog nginx, List<String> errorLog, int verified) {
        long stopMillis() {
            return exit.atMillis - terminator.sentEpochMillis;
        }

        long perSecond() {
            return Math.round(load.outcomes.size() / (double) load.seconds);
        }

        void print() {
            System.out.printf("term: %d requests in %d s (%d/s) with %d clients, %d failed; %s exited %d %d ms after SIGTERM%n",
                    load.outcomes.size(), load.seconds, perSecond(), load.users.size(), load.failures().size(),
                    options.target, exit.status, stopMillis());
            printFailures(load.failures());
            System.out.println("term: " + options.target + "'s /health/ready after the SIGTERM: " + readiness);
            errorLog.forEach(line -> System.out.println("  nginx error.log: " + line));
        }

        void record(ScaleOutProof proof) {
            proof.record("e. requests through nginx (SIGTERM)", load.outcomes.size());
            proof.record("e. requests per second", perSecond());
            proof.record("e. failed", load.failures().size());
            proof.record("e. acknowledged writes found in PostgreSQL", verified + " / " + load.created.size());
            proof.record("e. " + options.target + " exit status, ms after SIGTERM", exit.status + ", " + stopMillis());
            proof.record("e. nginx 5xx / answered after a failover", nginx.errors + " / " + nginx.failedOver);
            proof.record("e. nginx error.log lines", errorLog.size());
            proof.record("e. " + options.target + "'s /health/ready after SIGTERM", readiness);
        }

        void check() {
            int failed = load.failures().size();
            ScaleOutProof.check(failed == 0, failed + " requests failed while " + options.target + " shut down");
            ScaleOutProof.check(options.cleanExits.contains(exit.status), options.target + " exited with "
                    + exit.status + ", not a clean stop " + options.cleanExits);
            ScaleOutProof.check(stopMillis() <= options.stopSeconds * 1000L, options.target + " took " + stopMillis()
                    + " ms to stop, more than drain + grace (" + options.stopSeconds + " s)");
            ScaleOutProof.check(verified == load.created.size(), (load.created.size() - verified)
                    + " notes acknowledged with 2xx are missing from the database");
        }
    }

    /**
     * What the stopping instance's /health/ready answers from the SIGTERM until it stops answering,
     * runs of the same answer collapsed: "503 x29, no answer" when it drains, "no answer" when it does not.
     * Observed and reported, not asserted: nginx has no active health checks to use it.
     */
    private static String watchReadiness(String base, Signal signal) throws InterruptedException {
        while (signal.sentNanos == Long.MAX_VALUE) {
            if (signal.finished) return "no SIGTERM was sent";
            Thread.sleep(5);
        }
        var runs = new ArrayList<String>();
        var counts = new ArrayList<Integer>();
        for (String answer = ""; !answer.equals("no answer"); Thread.sleep(100)) {
            try {
                answer = String.valueOf(get(base, "/health/ready", null).status);
            } catch (IOException e) {
                answer = "no answer";
            }
            if (!runs.isEmpty() && runs.getLast().equals(answer)) {
                counts.set(counts.size() - 1, counts.getLast() + 1);
            } else {
                runs.add(answer);
                counts.add(1);
            }
        }
        var described = new ArrayList<String>();
        for (int i = 0; i < runs.size(); i++) described.add(runs.get(i) + (counts.get(i) > 1 ? " x" + counts.get(i) : ""));
        return String.join(", ", described);
    }

    // ---- load -----------------------------------------------------------------------------------

    /**
     * One request's fate; status -1 when no answer came (connection error, time-out). {@code retry}: a
     * create sent again with its Idempotency-Key after its first try failed.
     */
    record Outcome(long startNanos, long endNanos, String what, int status, String error, boolean retry) {
        /**
         * Not 2xx. A 409 to a retry is not a failure: it is the key's answer while the first try still
         * holds it (running, or dead with its instance until the lease runs out), and says to retry.
         */
        boolean failed() {
            return !ok() && !(retry && status == 409);
        }

        boolean ok() {
            return status >= 200 && status <= 299;
        }

        /** What a client retries with the same key: no answer, nginx's 502/503/504, or 409 (in flight). */
        boolean worthRetrying() {
            return status < 0 || status == 502 || status == 503 || status == 504 || status == 409;
        }

        /** Whether the request was under way at some time between {@code from} and {@code to}. */
        boolean overlaps(long from, long to) {
            return startNanos <= to && endNanos >= from;
        }

        String describe() {
            return what + " -> " + (status < 0 ? error : String.valueOf(status));
        }
    }

    /**
     * One note create: its title, unique to it, marks it in the database. {@code firstStatus} is the
     * first try's; {@code retries} how many times it was sent again with the same key, {@code conflicts}
     * how many of those got 409; {@code acknowledged} whether it ended with a 201, {@code replayed}
     * whether that 201 was the first try's answer repeated (Idempotent-Replayed: the first try had made it).
     */
    record Write(String title, int firstStatus, int retries, int conflicts, boolean acknowledged, boolean replayed) {
        boolean retried() {
            return retries > 0;
        }
    }

    /**
     * Every user in its own virtual thread, for {@code seconds}: reads (session, notes list) and
     * writes (a note with a unique title). With {@code rate} > 0 the requests are paced to that many
     * per second in total; otherwise each user sends its next request as soon as the last is answered.
     * With {@code retryWrites} every create carries its own Idempotency-Key, and one that fails is sent
     * again with the same key and body until it is answered 201, as SPEC §11 lets a client do.
     */
    static final class Load {
        /**
         * How long a client retries a create: past the 30 s lease (IdempotencyKeys.LEASE) for which a
         * key stays held by a first try that died with its instance, and then some.
         */
        static final long RETRY_FOR_NANOS = TimeUnit.SECONDS.toNanos(40);
        static final long MAX_BACKOFF_MILLIS = 1000;

        final String base;
        final List<User> users;
        final int seconds;
        final int rate;
        final boolean retryWrites;
        final Collection<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        final Map<Long, String> created = new ConcurrentHashMap<>();
        final Collection<Write> writes = new ConcurrentLinkedQueue<>();

        Load(String base, List<User> users, int seconds, int rate, boolean retryWrites) {
            this.base = base;
            this.users = users;
            this.seconds = seconds;
            this.rate = rate;
            this.retryWrites = retryWrites;
        }

        Load run(Signal signal) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Future<Void> signalled;
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                signalled = threads.submit(() -> {
                    signal.sendAfterDelay();
                    return null;
                });
                for (User user : users) threads.submit(() -> runUser(user, deadline));
            }
            try {
                signalled.get();
            } catch (ExecutionException e) {
                throw new ProofFailure("the signal was not sent: " + e.getCause().getMessage());
            }
            return this;
        }

        private Void runUser(User user, long deadline) throws InterruptedException {
            long interval = rate > 0 ? TimeUnit.SECONDS.toNanos(1) * users.size() / rate : 0;
            long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(Math.max(1, interval));
            for (int sequence = 0; System.nanoTime() < deadline; sequence++) {
                if (interval > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                    next += interval;
                }
                oneRequest(user, sequence);
            }
            return null;
        }

        private void oneRequest(User user, int sequence) throws InterruptedException {
            int dice = ThreadLocalRandom.current().nextInt(10);
            if (dice < 4) {
                measure("GET /api/auth/session", false, () -> get(base, "/api/auth/session", user));
            } else if (dice < 7) {
                measure("GET /api/notes", false, () -> get(base, "/api/notes", user));
            } else {
                write(user, "proof " + RUN + " " + user.email + " #" + sequence);
            }
        }

        /**
         * Creates a note; with {@code retryWrites}, with a fresh key, and again with the same key and the
         * same bytes after a short backoff (1 s after a 409, as its Retry-After says) while the answer is
         * worth retrying, for up to {@link #RETRY_FOR_NANOS}.
         */
        private void write(User user, String title) throws InterruptedException {
            String body = json("title", title, "body", "written under load");
            String[] key = retryWrites ? new String[] {"Idempotency-Key", "\"" + UUID.randomUUID() + "\""} : new String[0];
            var replayed = new AtomicBoolean();
            Call create = () -> {
                Response response = post(base, "/api/notes", user, body, key);
                if (response.ok()) {
                    created.put(response.id(), title);
                    replayed.set(response.header("Idempotent-Replayed").isPresent());
                }
                return response;
            };
            Outcome first = measure("POST /api/notes", false, create), last = first;
            int retries = 0, conflicts = 0;
            long giveUp = System.nanoTime() + RETRY_FOR_NANOS;
            for (long backoff = 100; retryWrites && last.worthRetrying() && System.nanoTime() < giveUp;
                 backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS)) {
                Thread.sleep(last.status == 409 ? MAX_BACKOFF_MILLIS : backoff);
                last = measure("POST /api/notes (retry)", true, create);
                retries++;
                if (last.status == 409) conflicts++;
            }
            writes.add(new Write(title, first.status, retries, conflicts, last.ok(), replayed.get()));
        }

        private Outcome measure(String what, boolean retry, Call call) {
            long start = System.nanoTime();
            Outcome outcome;
            try {
                int status = call.run().status;
                outcome = new Outcome(start, System.nanoTime(), what, status, null, retry);
            } catch (IOException | InterruptedException e) {
                outcome = new Outcome(start, System.nanoTime(), what, -1, e.toString(), retry);
            }
            outcomes.add(outcome);
            return outcome;
        }

        List<Outcome> failures() {
            return outcomes.stream().filter(Outcome::failed).toList();
        }

        long answered2xx() {
            return outcomes.stream().filter(Outcome::ok).count();
        }
    }

    interface Call {
        Response run() throws IOException, InterruptedException;
    }

    /** SIGKILL or SIGTERM to an instance that deploy/prove started (its pid in DIR/pid), after a delay. */
    static final class Signal {
        final Path dir;
        final boolean graceful;
        final long delayMillis;
        volatile long sentNanos = Long.MAX_VALUE;
        volatile long sentEpochMillis;
        volatile boolean finished;

        Signal(Path dir, boolean graceful, long delayMillis) {
            this.dir = dir;
            this.graceful = graceful;
            this.delayMillis = delayMillis;
        }

        void sendAfterDelay() throws IOException, InterruptedException {
            try {
                send();
            } finally {
                finished = true;
            }
        }

        private void send() throws IOException, InterruptedException {
            long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new ProofFailure("instance " + dir.getFileName() + " (pid " + pid + ") is not running"));
            Thread.sleep(delayMillis);
            sentEpochMillis = System.currentTimeMillis();
            sentNanos = System.nanoTime();
            boolean sent = graceful ? process.destroy() : process.destroyForcibly(); // SIGTERM : SIGKILL
            if (!sent) throw new ProofFailure("could not signal pid " + pid);
            System.out.printf("%s sent to %s (pid %d) after %d ms%n", graceful ? "SIGTERM" : "SIGKILL",
                    dir.getFileName(), pid, delayMillis);
        }
    }

    /** deploy/prove writes "status epoch-millis" to DIR/exit when the instance's process ends. */
    record InstanceExit(int status, long atMillis) {
        static InstanceExit await(Path dir, int seconds) throws IOException, InterruptedException {
            Path file = dir.resolve("exit");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!Files.exists(file) || Files.readString(file).isBlank()) {
                if (System.nanoTime() > deadline) {
                    throw new ProofFailure(dir.getFileName() + " still running " + seconds + " s after the signal");
                }
                Thread.sleep(50);
            }
            String[] fields = Files.readString(file).trim().split(" ");
            return new InstanceExit(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
        }
    }

    // ---- checks after the load ------------------------------------------------------------------

    private int checkSessions(String base, List<User> users) throws Exception {
        int ok = 0;
        for (User user : users) {
            if (get(base, "/api/auth/session", user).status == 200) ok++;
        }
        return ok;
    }

    /** How many of the notes (id and title) are in the database as acknowledged. */
    private int verifyNotes(Map<Long, String> created) throws Exception {
        if (created.isEmpty()) return 0;
        String ids = created.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
        int found = 0;
        for (String row : psql("SELECT id || '|' || title FROM notes WHERE id IN (" + ids + ")")) {
            int bar = row.indexOf('|');
            if (row.substring(bar + 1).equals(created.get(Long.parseLong(row.substring(0, bar))))) found++;
        }
        return found;
    }

    /**
     * The notes this run's load wrote (their titles start with "proof RUN "), by title: each row as
     * "id 123 at 06:00:07.123" (created_at, UTC), oldest first.
     */
    private Map<String, List<String>> notesOfThisRun() throws Exception {
        var rows = new HashMap<String, List<String>>();
        for (String row : psql("SELECT string_agg('id ' || id || ' at ' || to_char(created_at AT TIME ZONE 'UTC',"
                + " 'HH24:MI:SS.MS'), ', ' ORDER BY id) || '|' || title FROM notes WHERE title LIKE 'proof " + RUN
                + " %' GROUP BY title")) {
            int bar = row.indexOf('|');
            rows.put(row.substring(bar + 1), List.of(row.substring(0, bar).split(", ")));
        }
        return rows;
    }

    private List<String> psql(String sql) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", options.database,
                "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) throw new ProofFailure("psql failed: " + output);
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * The requests of nginx's access log from {@code offset} on: how many, the 5xx, the 5xx whose last
     * upstream was the target, and the 2xx that nginx got only by trying a second instance.
     */
    record NginxLog(int requests, int errors, int errorsFromTarget, int failedOver) {
        static NginxLog read(Path log, long offset, String target) throws IOException {
            int requests = 0, errors = 0, fromTarget = 0, failedOver = 0;
            for (String line : newLines(log, offset)) {
                Matcher m = ACCESS_LINE.matcher(line);
                if (!m.find()) continue;
                requests++;
                int status = Integer.parseInt(m.group(1));
                String[] tried = m.group(2).split(",\\s*");
                if (status >= 500) {
                    errors++;
                    if (tried[tried.length - 1].equals(target)) fromTarget++;
                } else if (tried.length > 1) {
                    failedOver++;
                }
            }
            return new NginxLog(requests, errors, fromTarget, failedOver);
        }
    }

    private static List<String> newLines(Path file, long offset) throws IOException {
        if (!Files.exists(file)) return List.of();
        byte[] bytes = Files.readAllBytes(file);
        return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                StandardCharsets.UTF_8).lines().toList();
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private Path accessLog() {
        return options.state.resolve("nginx/access.log");
    }

    private long accessLogSize() throws IOException {
        return size(accessLog());
    }

    private Path instanceDir(String instance) {
        return options.state.resolve(instance);
    }

    /** "127.0.0.1:8081" for A, as nginx writes $upstream_addr. */
    private String upstream(String instance) {
        return URI.create(options.url(instance)).getAuthority();
    }

    private static String other(String instance) {
        return instance.equals("A") ? "B" : "A";
    }

    private static void printFailures(List<Outcome> failures) {
        failures.stream().collect(Collectors.groupingBy(Outcome::describe, Collectors.counting()))
                .forEach((what, count) -> System.out.println("  failed: " + count + " x " + what));
    }

    // ---- users ----------------------------------------------------------------------------------

    record User(String email, String cookie, String csrfToken) {}

    /**
     * Signs up {@code count} users through nginx. Each sign-up hashes a password, which Carafe does at
     * most once per core and answers 503 with Retry-After beyond its queue: a few at a time, and wait.
     */
    private List<User> registerMany(int count, String purpose) throws Exception {
        var users = new ConcurrentLinkedQueue<User>();
        var slots = new Semaphore(4);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                threads.submit(() -> {
                    slots.acquire();
                    try {
                        users.add(registerSignedIn(options.nginx, email(purpose), password()));
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
        if (users.size() != count) throw new ProofFailure("only " + users.size() + " of " + count + " users signed up");
        return List.copyOf(users);
    }

    private static User registerSignedIn(String base, String email, String password) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Response response = register(base, email, password);
            if (response.status == 201) return response.user(email);
            if (response.status != 503 || attempt == 10) {
                throw new ProofFailure("sign-up of " + email + ": " + response.status + " " + response.body);
            }
            Thread.sleep(1000L * Long.parseLong(response.header("Retry-After").orElse("1")));
        }
    }

    private static Response register(String base, String email, String password) throws Exception {
        return post(base, "/api/auth/register", null, json("email", email, "name", "Proof", "password", password));
    }

    private static User login(String base, String email, String password) throws Exception {
        Response response = post(base, "/api/auth/login", null, json("email", email, "password", password));
        expect(response.status, 200, "sign-in through nginx");
        return response.user(email);
    }

    private static String email(String purpose) {
        return purpose + "-" + RUN + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + "@proof.example.com";
    }

    private static String password() {
        return "proof " + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    record Response(int status, String body, HttpResponse<String> raw) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        long id() {
            Matcher m = ID.matcher(body);
            if (!m.find()) throw new ProofFailure("no id in " + body);
            return Long.parseLong(m.group(1));
        }

        /**
         * The session cookie and CSRF token of a sign-in. The cookie is Secure, so it is sent by hand:
         * a cookie manager would, rightly, never send it over the plain http of this loopback test.
         */
        User user(String email) {
            String cookie = raw.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(SESSION_COOKIE + "="))
                    .findFirst().orElseThrow(() -> new ProofFailure("no " + SESSION_COOKIE + " cookie: is CARAFE_ENV production?"));
            if (!cookie.contains("Secure")) throw new ProofFailure("session cookie not Secure: " + cookie);
            Matcher token = CSRF_TOKEN.matcher(body);
            if (!token.find()) throw new ProofFailure("no csrfToken in " + body);
            return new User(email, cookie.substring(0, cookie.indexOf(';')), token.group(1));
        }
    }

    static Response get(String base, String path, User user) throws IOException, InterruptedException {
        return send("GET", base, path, user, null);
    }

    static Response post(String base, String path, User user, String json, String... headers)
            throws IOException, InterruptedException {
        return send("POST", base, path, user, json, headers);
    }

    /**
     * A browser-less API client: no Origin or Sec-Fetch-Site (Carafe's login-CSRF check lets scripts
     * through), the session cookie and, on unsafe requests, the session's CSRF token; then
     * {@code headers}, as name, value, name, value...
     */
    static Response send(String method, String base, String path, User user, String json, String... headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .header("Accept", "application/json");
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        if (user != null) {
            request.header("Cookie", user.cookie);
            if (!method.equals("GET")) request.header(CSRF_HEADER, user.csrfToken);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), response);
    }

    /** A flat JSON object of strings; the values here never need more than quote and backslash escaping. */
    static String json(String... pairs) {
        var fields = new ArrayList<String>();
        for (int i = 0; i < pairs.length; i += 2) fields.add(quote(pairs[i]) + ":" + quote(pairs[i + 1]));
        return "{" + String.join(",", fields) + "}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- verdicts -------------------------------------------------------------------------------

    static void expect(int actual, int expected, String what) {
        check(actual == expected, what + ": expected " + expected + ", got " + actual);
    }

    static void check(boolean holds, String violation) {
        if (!holds) throw new ProofFailure(violation);
    }

    private void record(String name, Object value) {
        summary.put(name, String.valueOf(value));
    }

    /** Appended before the checks, so the final table has the numbers of a failed phase too. */
    private void writeSummary() throws IOException {
        var lines = summary.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue() + "\n").collect(Collectors.joining());
        Files.writeString(options.state.resolve("summary.tsv"), lines, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        summary.clear();
    }
}
