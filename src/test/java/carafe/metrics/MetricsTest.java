package carafe.metrics;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} over real HTTP. The tests share one server, so they compare values before and
 * after what they do rather than expect absolute numbers.
 */
class MetricsTest {
    /** Mail goes to a real SMTP server; with one attempt allowed, a mail is given up as soon as it fails. */
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer().with("CARAFE_MAIL_MAX_ATTEMPTS", "1")
            .with("CARAFE_LIMIT_FORGOT_EMAIL", "1/1h");

    @Test
    void metrics_are_prometheus_text_that_is_never_cached() {
        var response = server.client().get("/metrics");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.body())
                .contains("# TYPE http_server_requests_seconds histogram")
                .contains("# TYPE carafe_logins_total counter")
                .contains("# TYPE carafe_sessions_active gauge")
                .contains("# TYPE carafe_mail_failures_total counter")
                .contains("# TYPE carafe_mail_failed_kept gauge")
                .contains("jvm_memory_used_bytes{")
                .contains("process_uptime_seconds");
    }

    @Test
    void requests_are_counted_by_route_template_method_and_status() {
        var anonymous = server.client();
        double before = value(scrape(), request("GET", "/api/auth/session", 401));

        assertThat(anonymous.session().status()).isEqualTo(401); // refused by the guard, via the exception mapper
        assertThat(anonymous.session().status()).isEqualTo(401);
        var registered = server.signUp("counted").client();
        assertThat(registered.session().status()).isEqualTo(200);

        String text = scrape();
        assertThat(value(text, request("GET", "/api/auth/session", 401))).isEqualTo(before + 2);
        assertThat(value(text, request("GET", "/api/auth/session", 200))).isGreaterThanOrEqualTo(1);
        assertThat(value(text, request("POST", "/api/auth/register", 201))).isGreaterThanOrEqualTo(1);
        var sessionRefusals = Map.of("method", "GET", "route", "/api/auth/session", "status", "401");
        assertThat(value(text, new Series("http_server_requests_seconds_sum", sessionRefusals))).isPositive();
        var infinityBucket = new HashMap<>(sessionRefusals);
        infinityBucket.put("le", "+Inf");
        assertThat(value(text, new Series("http_server_requests_seconds_bucket", infinityBucket))).isEqualTo(before + 2);
    }

    @Test
    void path_parameters_are_reported_as_the_route_template_not_the_raw_path() {
        var response = server.client().get("/static/no-such-file-4711.css");
        assertThat(response.status()).isEqualTo(404);

        String text = scrape();
        assertThat(value(text, request("GET", "/static/{file}", 404))).isGreaterThanOrEqualTo(1);
        assertThat(text).doesNotContain("no-such-file-4711");
    }

    @Test
    void a_note_is_counted_under_its_route_template_not_its_id() {
        var client = server.signUp("notes").client();
        var created = client.postJson("/api/notes", Json.object("title", "Counted", "body", "note"));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        double before = value(scrape(), request("GET", "/api/notes/{id}", 200));

        assertThat(client.get("/api/notes/" + id).status()).isEqualTo(200);
        assertThat(client.get("/api/notes/987654321").status()).isEqualTo(404);

        String text = scrape();
        assertThat(value(text, request("GET", "/api/notes/{id}", 200))).isEqualTo(before + 1);
        assertThat(value(text, request("GET", "/api/notes/{id}", 404))).isGreaterThanOrEqualTo(1);
        assertThat(value(text, request("POST", "/api/notes", 201))).isGreaterThanOrEqualTo(1);
        assertThat(text).doesNotContain("/api/notes/" + id + "\"").doesNotContain("987654321");
    }

    @Test
    void a_signed_out_browser_sent_to_the_sign_in_page_is_counted_too() {
        // The guard redirects and skips the remaining handlers, which skips `after` handlers as well.
        double before = value(scrape(), request("GET", "/notes/{id}", 303));

        var response = server.client().get("/notes/42", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(value(scrape(), request("GET", "/notes/{id}", 303))).isEqualTo(before + 1);
    }

    @Test
    void requests_no_route_matched_share_one_unmatched_route() {
        double before = value(scrape(), request("GET", "unmatched", 404));

        assertThat(server.client().get("/api/no-such-path").status()).isEqualTo(404);
        assertThat(server.client().get("/no/such/page/8123").status()).isEqualTo(404);

        String text = scrape();
        assertThat(value(text, request("GET", "unmatched", 404))).isEqualTo(before + 2);
        // The raw paths, not their digits alone: a JVM gauge's value may contain "8123" by chance.
        assertThat(text).doesNotContain("no-such-path").doesNotContain("/no/such/page");
        assertThat(labelsOf(text, "http_server_requests_seconds_count")).extracting(labels -> labels.get("route"))
                .contains("unmatched", "/metrics").doesNotContain("/api/no-such-path", "/no/such/page/8123");
    }

    @Test
    void api_logins_are_counted_by_result() {
        String email = server.signUp("login").email();
        String text = scrape();
        double failures = value(text, logins("failure"));
        double successes = value(text, logins("success"));

        assertThat(server.client().login(email, "not the password").status()).isEqualTo(401);
        assertThat(server.client().login(CarafeServer.uniqueEmail("nobody"), PASSWORD).status()).isEqualTo(401);
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(200);

        text = scrape();
        assertThat(value(text, logins("failure"))).isEqualTo(failures + 2);
        assertThat(value(text, logins("success"))).isEqualTo(successes + 1);
        assertThat(value(text, request("POST", "/api/auth/login", 401))).isGreaterThanOrEqualTo(2);
        assertThat(value(text, request("POST", "/api/auth/login", 200))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void page_logins_are_counted_too() {
        String email = server.signUp("page").email();
        double failures = value(scrape(), logins("failure"));

        var browser = server.client();
        String form = browser.get("/login", "Accept", "text/html").body();
        var response = browser.postForm("/login", Map.of("email", email, "password", "not the password",
                "_csrf", hidden(form, "_csrf")), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(401);
        assertThat(value(scrape(), logins("failure"))).isEqualTo(failures + 1);
    }

    @Test
    void every_rate_limit_has_its_refusal_counter_from_the_start() {
        String text = scrape();

        assertThat(text).contains("# TYPE carafe_rate_limited_total counter");
        assertThat(labelsOf(text, "carafe_rate_limited_total")).extracting(labels -> labels.get("limit"))
                .containsExactlyInAnyOrder("login_account", "login_ip", "register_ip", "forgot_ip", "forgot_email",
                        "reset_ip", "confirm_resend_ip", "confirm_resend_email", "mfa_account", "email_code_ip",
                        "email_code_account");
    }

    @Test
    void a_sign_in_refused_by_the_account_s_limit_is_counted_under_that_limit() {
        String email = CarafeServer.uniqueEmail("limited");
        String text = scrape();
        double account = value(text, limited("login_account"));
        double client = value(text, limited("login_ip"));
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(server.client().login(email, "not the password").status()).isEqualTo(401);
        }

        assertThat(server.client().login(email, "not the password").status()).isEqualTo(429);

        text = scrape();
        assertThat(value(text, limited("login_account"))).isEqualTo(account + 1);
        assertThat(value(text, limited("login_ip"))).isEqualTo(client);
        assertThat(text).doesNotContain(email);
    }

    @Test
    void a_page_refused_by_a_limit_is_counted_too() {
        String email = CarafeServer.uniqueEmail("limited-page");
        double before = value(scrape(), limited("forgot_email"));
        var browser = server.client();
        String form = browser.get("/forgot", "Accept", "text/html").body();
        var first = browser.postForm("/forgot", Map.of("email", email, "_csrf", hidden(form, "_csrf")), "Accept", "text/html");
        assertThat(first.status()).isEqualTo(202);

        var second = browser.postForm("/forgot", Map.of("email", email, "_csrf", hidden(form, "_csrf")),
                "Accept", "text/html");

        assertThat(second.status()).isEqualTo(429);
        assertThat(value(scrape(), limited("forgot_email"))).isEqualTo(before + 1);
    }

    @Test
    void active_sessions_are_counted_until_they_expire() {
        double before = value(scrape(), untagged("carafe_sessions_active"));
        var client = server.signUp("session").client();
        assertThat(value(scrape(), untagged("carafe_sessions_active"))).isEqualTo(before + 1).isGreaterThanOrEqualTo(1);

        assertThat(client.logout().status()).isEqualTo(204);
        assertThat(value(scrape(), untagged("carafe_sessions_active"))).isEqualTo(before);

        server.signUp("expiring");
        server.clock.advance(Duration.ofDays(400)); // past every timeout; the janitor has not run
        assertThat(value(scrape(), untagged("carafe_sessions_active"))).isZero();
    }

    @Test
    void a_mail_given_up_is_counted_and_kept_until_its_retention_passes() {
        String to = CarafeServer.uniqueEmail("bounced");
        // Mail of the other tests (sign-up confirmations) is sent before the server goes away, so only this one fails.
        Eventually.until("the queue is empty", () -> server.db().fetchCount(MAIL_QUEUE, MAIL_QUEUE.FAILED_AT.isNull()) == 0);
        String text = scrape();
        double failures = value(text, untagged("carafe_mail_failures_total"));
        double kept = value(text, untagged("carafe_mail_failed_kept"));

        server.mail().stop();
        try {
            server.app().accountMails().emailConfirmation(to, "Ada", URI.create("https://app.example.com/confirm/x"));
            Eventually.until("the failure is counted", () -> value(scrape(), untagged("carafe_mail_failures_total")) > failures);
        } finally {
            server.mail().start();
        }

        text = scrape();
        assertThat(value(text, untagged("carafe_mail_failures_total"))).isEqualTo(failures + 1);
        assertThat(value(text, untagged("carafe_mail_failed_kept"))).isEqualTo(kept + 1);
        assertThat(text).doesNotContain(to);

        server.clock.advance(Duration.ofDays(30).plusMillis(1)); // CARAFE_MAIL_FAILED_RETENTION's default
        server.app().services().failedMails().purgeExpired();

        text = scrape();
        assertThat(value(text, untagged("carafe_mail_failed_kept"))).isZero();
        assertThat(value(text, untagged("carafe_mail_failures_total"))).isEqualTo(failures + 1);
    }

    // ---- reading the exposition text ----

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static String scrape() {
        var response = server.client().get("/metrics");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** A request timer's count series, selected by its labels (other labels may be present). */
    private static Series request(String method, String route, int status) {
        return new Series("http_server_requests_seconds_count",
                Map.of("method", method, "route", route, "status", Integer.toString(status)));
    }

    private static Series logins(String result) {
        return new Series("carafe_logins_total", Map.of("result", result));
    }

    private static Series limited(String limit) {
        return new Series("carafe_rate_limited_total", Map.of("limit", limit));
    }

    private static Series untagged(String name) {
        return new Series(name, Map.of());
    }

    private record Series(String name, Map<String, String> labels) {
        boolean matches(String sampleName, Map<String, String> sampleLabels) {
            return name.equals(sampleName) && sampleLabels.entrySet().containsAll(labels.entrySet());
        }
    }

    /** The value of the one sample of this series, or 0 when it does not exist yet. */
    private static double value(String text, Series series) {
        Double found = null;
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            if (!series.matches(sample.group(1), labels(sample.group(2)))) continue;
            assertThat(found).as("more than one sample matches %s", series).isNull();
            found = Double.parseDouble(sample.group(3));
        }
        return found == null ? 0 : found;
    }

    /** The label names and values of every sample of a metric, for looking at all routes at once. */
    private static List<Map<String, String>> labelsOf(String text, String name) {
        var all = new ArrayList<Map<String, String>>();
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            if (sample.group(1).equals(name)) all.add(labels(sample.group(2)));
        }
        return all;
    }

    private static Map<String, String> labels(String text) {
        var labels = new HashMap<String, String>();
        if (text == null) return labels;
        Matcher label = LABEL.matcher(text);
        while (label.find()) labels.put(label.group(1), label.group(2));
        return labels;
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("hidden field %s in %s", name, html).isTrue();
        return m.group(1);
    }
}
