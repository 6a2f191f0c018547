package io.openfinance.identity.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium through Debian's chromedriver (no browser download), JavaScript off: every page of
 * ours must work without it. Keycloak's admin console, a React app, gets {@link #withJavaScript()}.
 */
public final class Chromium implements AutoCloseable {

    private static final String BROWSER = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path screenshots;

    public Chromium() {
        this(false);
    }

    public static Chromium withJavaScript() {
        return new Chromium(true);
    }

    private Chromium(boolean javaScript) {
        if (!new File(BROWSER).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Install Debian's chromium and chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        if (!javaScript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // A click that submits a form returns before the next page has loaded: look for its elements until it has.
        this.driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
        this.screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Forgets every cookie of every site, as a new browser profile would: no bank or identity session carries over. */
    public ChromeDriver freshStart() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        return driver;
    }

    /** Saves what the browser shows now as {@code <screenshots.dir>/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Path target = screenshots.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves what the browser shows now as {@code <name>.png} and what its pages wrote to its console since the last
     * call as {@code <name>.log}, beside it: what a person would look at when a page does not do what it should.
     */
    public Path screenshotAndConsole(String name) {
        Path shot = screenshot(name);
        List<String> lines = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
        try {
            return Files.write(screenshots.resolve(name + ".log"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
