package carafe.support;

import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium driven by Playwright (never a downloaded browser). Without it, browser
 * tests skip on a laptop and fail under CI=true. One per test class: {@code Chromium.start()} in
 * {@code @BeforeAll}, {@code close()} in {@code @AfterAll}.
 */
public record Chromium(Playwright playwright, Browser browser) implements AutoCloseable {
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    public static Chromium start() {
        if (!Files.isExecutable(EXECUTABLE)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Chromium not installed at " + EXECUTABLE + " and CI=true requires the browser tests: "
                        + "apt-get install chromium");
            }
            Assumptions.abort("Chromium not installed at " + EXECUTABLE + ": apt-get install chromium");
        }
        var playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                // Without the networking flags Chromium calls home at start, which this machine refuses.
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update")));
        return new Chromium(playwright, browser);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
