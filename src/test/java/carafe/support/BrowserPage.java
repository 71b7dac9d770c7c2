package carafe.support;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Chromium ({@link Chromium}) for a test class and, for each test, a fresh browser context (no
 * cookies) with one page on the server, collecting what the pages log as errors and throw. It finds
 * things on that page as a user does (links and buttons by their text, fields by their label), signs up
 * and in through the forms, and checks that nothing broke the Content-Security-Policy. Pages open at the
 * server's {@link CarafeServer#baseUrl()}: {@code http://localhost:PORT} for a server started
 * {@link CarafeServer#onLocalhost()} (passkeys need a host name), else 127.0.0.1. Register it after the
 * server, so the server is up first:
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

    /** The console errors that are Content-Security-Policy violations (Chromium names the policy in each). */
    public List<String> cspViolations() {
        return consoleErrors.stream().filter(BrowserPage::isCspViolation).toList();
    }

    /**
     * No Content-Security-Policy violation and no uncaught script error. Other console errors may stand:
     * Chromium logs every page answered with an error status (a form's 422, a used link's 400) as one.
     */
    public void assertNoCspViolations() {
        Assertions.assertThat(cspViolations()).as("CSP violations in the console").isEmpty();
        Assertions.assertThat(pageErrors).as("uncaught page errors").isEmpty();
    }

    /** Nothing logged as an error at all and nothing thrown: for a visit where every page answered well. */
    public void assertNoErrors() {
        Assertions.assertThat(consoleErrors).as("console errors").isEmpty();
        Assertions.assertThat(pageErrors).as("uncaught page errors").isEmpty();
    }

    private static boolean isCspViolation(String consoleText) {
        return consoleText.contains("Content Security Policy") || consoleText.contains("Content-Security-Policy");
    }

    // ---- on the test's page, as a user finds things ----

    /** The link with exactly this text. */
    public Locator link(String text) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(text).setExact(true));
    }

    /** The button with exactly this text. */
    public Locator button(String text) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(text).setExact(true));
    }

    /** The form field with exactly this label ("Password", not "Current password"). */
    public Locator field(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    /** The search box with this (possibly visually hidden) label. */
    public Locator searchBox(String label) {
        return page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName(label));
    }

    /** The page's h1. */
    public Locator heading() {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1));
    }

    /** The flash message, announced to screen readers as a status. */
    public Locator flash() {
        return page.getByRole(AriaRole.STATUS);
    }

    /** The header's name of whoever is signed in; absent when nobody is. */
    public Locator signedInAs() {
        return page.getByTestId("signed-in-as");
    }

    // ---- the ways in, through the forms ----

    /**
     * Signs up a new account named {@code name}, as a visitor does: from the home page's "Create account"
     * to the form, with a fresh address and {@link CarafeServer#PASSWORD}. Ends signed in on the home page.
     *
     * @return the new account's email
     */
    public String signUpThroughTheForm(String name) {
        String email = CarafeServer.uniqueEmail("browser");
        page.navigate("/");
        link("Create account").click();
        assertThat(page).hasURL(server.baseUrl() + "/register");
        submitSignUpForm(name, email, CarafeServer.PASSWORD);
        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(signedInAs()).hasText(name);
        return email;
    }

    /** Fills in the sign-up form on the page and sends it. */
    public void submitSignUpForm(String name, String email, String password) {
        field("Name").fill(name);
        field("Email").fill(email);
        field("Password").fill(password);
        button("Create account").click();
    }

    /** Signs in through the form at {@code /login}. Ends signed in on the home page. */
    public void signInThroughTheForm(String email, String password) {
        page.navigate("/login");
        submitSignInForm(email, password);
        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(signedInAs()).isVisible();
    }

    /** Fills in the sign-in form on the page (e.g. where a guarded page sent the browser) and sends it. */
    public void submitSignInForm(String email, String password) {
        field("Email").fill(email);
        field("Password").fill(password);
        button("Sign in").click();
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
