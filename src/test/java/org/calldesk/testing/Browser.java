package org.calldesk.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A real, headless Chromium (Debian's {@code chromium} with its {@code chromium-driver}, which {@code .ci/run} installs)
 * for tests that walk through pages as people do. Every step can be kept as a screenshot in
 * {@code target/screenshots/<test>/NN-<step>.png}, to look at after the run.
 *
 * <pre>
 * try (Browser browser = Browser.open("console-two-calls", port)) {
 *     browser.login("agent1", TestServer.PASSWORD);
 *     browser.waitFor(By.id("pop"));
 *     browser.shot("first-pop");
 * }
 * </pre>
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final String base;
    private final Path shots;
    private int step;

    private Browser(ChromeDriver driver, String base, Path shots) {
        this.driver = driver;
        this.base = base;
        this.shots = shots;
    }

    /** A 1920×1080 window on http://127.0.0.1:port, in English. */
    public static Browser open(String name, int port) {
        return open(name, port, 1920, 1080, "en-US");
    }

    public static Browser open(String name, int port, int width, int height, String acceptLanguage) {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (.ci/run does this)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--no-first-run", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
                "--window-size=" + width + "," + height, "--lang=" + acceptLanguage);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", acceptLanguage));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        Path shots = Path.of("target", "screenshots", name);
        try {
            Files.createDirectories(shots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Browser(driver, "http://127.0.0.1:" + port, shots);
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * From the next page on, counts the WebSockets each page opens; {@link #webSockets()} reads the count of the page
     * shown now.
     */
    public Browser countWebSockets() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", """
                (() => {
                  const Real = window.WebSocket;
                  window.__webSocketsOpened = 0;
                  window.WebSocket = function (...args) { window.__webSocketsOpened++; return new Real(...args); };
                  window.WebSocket.prototype = Real.prototype;
                })();"""));
        return this;
    }

    /** How many WebSockets the page shown now has opened (see {@link #countWebSockets()}). */
    public long webSockets() {
        Object count = script("return window.__webSocketsOpened");
        if (!(count instanceof Number n)) {
            throw new IllegalStateException("WebSockets are not counted on this page: call countWebSockets() before it loads");
        }
        return n.longValue();
    }

    /** Goes to a path on the server under test. */
    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** Logs in through the login form and waits until the page after it has loaded. */
    public Browser login(String username, String password) {
        go("/login");
        find(By.name("username")).sendKeys(username);
        find(By.name("password")).sendKeys(password);
        find(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        until(d -> !d.getCurrentUrl().contains("/login"));
        return this;
    }

    /** Logs out through the top bar's button. */
    public Browser logout() {
        find(By.cssSelector("form[action='/logout'] button")).click();
        until(d -> d.getCurrentUrl().contains("/login"));
        return this;
    }

    public WebElement find(By by) {
        return waitFor(by);
    }

    /**
     * Clicks the element once it is shown, finding it again when the page replaced it between the finding and the
     * click (a list drawn again because a live message came in).
     */
    public void click(By by) {
        until(d -> {
            List<WebElement> found = d.findElements(by);
            if (found.isEmpty() || !found.get(0).isDisplayed()) {
                return null;
            }
            found.get(0).click();
            return true;
        });
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until the element is on the page and visible. */
    public WebElement waitFor(By by) {
        return until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** Waits until the element's text contains the given text. */
    public WebElement waitForText(By by, String text) {
        return until(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).getText().contains(text) ? found.get(0) : null;
        });
    }

    /** Waits until the condition gives something other than null or false, failing with its last state after 15 s. */
    public <T> T until(Function<WebDriver, T> condition) {
        // A page that reloads under the wait leaves elements found a moment ago stale: look again rather than fail.
        // Chromium may also say "Node with given id does not belong to the document" for such an element.
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until((ExpectedCondition<T>) d -> {
                    try {
                        return condition.apply(d);
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                            return null;
                        }
                        throw e;
                    }
                });
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Keeps a screenshot of the page as it is now, numbered in the order of the steps. */
    public Path shot(String stepName) {
        step++;
        Path file = shots.resolve(String.format("%02d-%s.png", step, stepName));
        File taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(taken.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Errors the page's scripts logged (uncaught exceptions, failed loads); CSP violations show here too. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
