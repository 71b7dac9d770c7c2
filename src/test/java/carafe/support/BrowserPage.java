package carafe.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Chromium ({@link Chromium}) for a test class and, for each test, a fresh browser context (no
 * cookies) with one page on the server, collecting what the pages log as errors and throw. Register it
 * after the server, so the server is up first:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final CarafeServer server = new CarafeServer();
 * @RegisterExtension @Order(2) static final BrowserPage browser = new BrowserPage(server);
 * }</pre>
 */
public final class BrowserPage implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final CarafeServer server;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();
    private Chromium chromium;
    private BrowserContext context;
    private Page page;

    public BrowserPage(CarafeServer server) {
        this.server = server;
    }

    @Override
    public void beforeAll(ExtensionContext extension) {
        chromium = Chromium.start();
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        consoleErrors.clear();
        pageErrors.clear();
        context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(server.baseUrl()));
        context.setDefaultTimeout(15_000);
        page = newTab();
    }

    /** Another tab in this test's context (same cookies), watched like the first. */
    public Page newTab() {
        Page tab = context.newPage();
        tab.onConsoleMessage(message -> {
            if ("error".equals(message.type())) consoleErrors.add(message.text());
        });
        tab.onPageError(pageErrors::add);
        return tab;
    }

    public Page page() {
        return page;
    }

    public BrowserContext context() {
        return context;
    }

    /** Messages the pages logged at level error (CSP violations among them). */
    public List<String> consoleErrors() {
        return consoleErrors;
    }

    /** Errors the pages' scripts threw and nobody caught. */
    public List<String> pageErrors() {
        return pageErrors;
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        if (context != null) context.close();
        context = null;
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        if (chromium != null) chromium.close();
        chromium = null;
    }
}
