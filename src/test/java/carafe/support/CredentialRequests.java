package carafe.support;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a tab asked of {@code navigator.credentials} and how each request ended, across the tab's
 * navigations: a test can then tell which request signed the user in (the button's modal one, or the
 * autofill's conditional one) instead of inferring it from timing. It only watches: each call goes to
 * the browser's own method with the page's own options, and its result or error goes back unchanged.
 * The watcher is injected through the DevTools protocol (an init script and a binding), so the page's
 * Content-Security-Policy neither sees nor blocks it.
 */
public final class CredentialRequests {
    /** One step of a request: {@code started}, then {@code resolved} or the error's name ({@code AbortError}). */
    public record Event(String path, String kind, String mediation, String what) {}

    private static final String BINDING = "carafeCredentialRequest";
    private static final String WATCHER = """
            (() => {
              if (!navigator.credentials) return;
              const report = (...event) => { window.%1$s(...event).catch(() => {}); };
              for (const kind of ["get", "create"]) {
                const original = navigator.credentials[kind].bind(navigator.credentials);
                navigator.credentials[kind] = (options) => {
                  // "optional" is what the Credential Management spec means by no mediation: a modal request.
                  const mediation = (options && options.mediation) || "optional";
                  const path = location.pathname;
                  report(path, kind, mediation, "started");
                  return original(options).then(
                    (credential) => { report(path, kind, mediation, "resolved"); return credential; },
                    (error) => { report(path, kind, mediation, error.name); throw error; });
                };
              }
            })();
            """.formatted(BINDING);

    private final List<Event> events = new CopyOnWriteArrayList<>();

    private CredentialRequests() {}

    /** Watches the tab from its next navigation on. */
    public static CredentialRequests watch(Page page) {
        var requests = new CredentialRequests();
        page.exposeFunction(BINDING, args -> {
            requests.events.add(new Event((String) args[0], (String) args[1], (String) args[2], (String) args[3]));
            return null;
        });
        page.addInitScript(WATCHER);
        return requests;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** What became of the {@code get} requests with this mediation on this path, in order, e.g. [started, resolved]. */
    public List<String> gets(String path, String mediation) {
        return events.stream()
                .filter(e -> e.kind().equals("get") && e.path().equals(path) && e.mediation().equals(mediation))
                .map(Event::what)
                .toList();
    }

    /** Whether a {@code get} with this mediation has started on this path (it may still be pending). */
    public boolean started(String path, String mediation) {
        return gets(path, mediation).contains("started");
    }
}
