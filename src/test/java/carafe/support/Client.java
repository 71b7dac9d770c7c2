package carafe.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test's HTTP client: one "browser" with its own cookie jar, talking to the server over real HTTP.
 * It keeps the last CSRF token it was given and can send it with unsafe requests.
 */
public final class Client {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrfToken;

    public Client(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** The same client (cookies, CSRF token) talking to another instance, as a load balancer would send it. */
    public Client on(String otherBase) {
        var moved = new Client(otherBase);
        moved.cookies.putAll(cookies);
        moved.csrfToken = csrfToken;
        return moved;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public Client csrfToken(String token) {
        this.csrfToken = token;
        return this;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response get(String path, String... headers) {
        return send(request(path).GET().headers(headers));
    }

    /** GETs a page as a browser asks for one ({@code Accept: text/html}): redirects and error pages, not JSON. */
    public Response page(String path) {
        return get(path, "Accept", "text/html");
    }

    /** POSTs JSON; with the CSRF header when this client has a token. */
    public Response postJson(String path, String json, String... headers) {
        var builder = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) builder.headers(headers);
        return send(withCsrf(builder));
    }

    public Response postForm(String path, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        var builder = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) builder.headers(headers);
        return send(builder);
    }

    public Response send(String method, String path, String contentType, String body, String... headers) {
        var builder = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) builder.header("Content-Type", contentType);
        if (headers.length > 0) builder.headers(headers);
        return send(builder);
    }

    /** PATCHes JSON with the CSRF header, as a signed-in script would. */
    public Response patchJson(String path, String json) {
        return send(withCsrf(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))));
    }

    /** DELETEs with the CSRF header. */
    public Response delete(String path) {
        return send(withCsrf(request(path).DELETE()));
    }

    /** Registers a new account and keeps its session and CSRF token. */
    public Response register(String email, String name, String password) {
        Response response = postJson("/api/auth/register", Json.object("email", email, "name", name, "password", password));
        rememberCsrf(response);
        return response;
    }

    public Response login(String email, String password) {
        return login(Json.object("email", email, "password", password));
    }

    /** Signs in with "remember me" ticked or not. */
    public Response login(String email, String password, boolean rememberMe) {
        return login(Json.object("email", email, "password", password, "remember", rememberMe));
    }

    private Response login(String json) {
        Response response = postJson("/api/auth/login", json);
        rememberCsrf(response);
        return response;
    }

    /**
     * The second step of a sign-in ({@code POST /api/auth/mfa}) with one proof, e.g. ("code", "123456");
     * keeps the new session's CSRF token.
     */
    public Response secondFactor(String field, String value) {
        return secondFactor(Json.object(field, value));
    }

    /** The same, asking to remember this browser or not. */
    public Response secondFactor(String field, String value, boolean rememberDevice) {
        return secondFactor(Json.object(field, value, "rememberDevice", rememberDevice));
    }

    private Response secondFactor(String json) {
        Response response = postJson("/api/auth/mfa", json);
        rememberCsrf(response);
        return response;
    }

    /** {@code POST /api/auth/reauthenticate} with one field: ("password", p) or ("code", c). */
    public Response reauthenticate(String field, String value) {
        return postJson("/api/auth/reauthenticate", Json.object(field, value));
    }

    public Response logout() {
        return postJson("/api/auth/logout", "{}");
    }

    public Response session() {
        return get("/api/auth/session");
    }

    private void rememberCsrf(Response response) {
        if (response.status() / 100 == 2) csrfToken = response.json().path("csrfToken").asText(null);
    }

    private HttpRequest.Builder withCsrf(HttpRequest.Builder builder) {
        if (csrfToken != null) builder.header("X-CSRF-Token", csrfToken);
        return builder;
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            Response response = Response.of(HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
            for (String setCookie : response.setCookies()) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                if (value.isEmpty() || setCookie.contains("Max-Age=0")) cookies.remove(name);
                else cookies.put(name, value);
            }
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
