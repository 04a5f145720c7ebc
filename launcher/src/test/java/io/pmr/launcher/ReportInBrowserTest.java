package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The demo's HTML report (made by the demo's own code path on a small classic month) opened in a real headless
 * Chromium: the CPM table lists every CPM of the catalogue, the plots are drawn, the browser logs nothing severe.
 * Saves a full-page screenshot to {@code target/screenshots/report.png}. Needs Debian's {@code chromium} and
 * {@code chromium-driver} (see .ci/run); fails, does not skip, without them.
 */
class ReportInBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void demoReportRendersInChromiumWithEveryCpmAndItsPlots() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (Debian: apt-get install chromium chromium-driver)");
        DemoRun.Result result = DemoRun.run(DemoOptions.defaults(YearMonth.of(2020, 9), 30, 11, dir.resolve("demo"))
                .withClassic(true));
        Path html = result.html();
        assertTrue(Files.size(html) < 3_000_000, "report.html is " + Files.size(html) + " bytes");

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(html.toUri().toString());

            List<String> cpms = driver.findElements(By.cssSelector("#cpm-table tbody tr[data-measure]")).stream()
                    .map(row -> row.getAttribute("data-measure")).toList();
            List<String> catalogueCpms = Catalogue.shipped().measures().stream().map(MeasureDefinition::id)
                    .filter(id -> id.startsWith("CPM")).toList();
            assertEquals(catalogueCpms, cpms);
            for (WebElement status : driver.findElements(By.cssSelector("#cpm-table td.status"))) {
                assertTrue(!status.getText().isBlank(), "every CPM has a status word");
            }
            assertTrue(driver.findElements(By.cssSelector("svg.plot")).size() > 0, "plots drawn");
            assertTrue(driver.findElements(By.cssSelector("svg.plot.latency")).size() > 0, "a latency plot");
            assertTrue(driver.findElements(By.cssSelector("svg.plot.daily")).size() > 0, "a daily-level plot");
            assertTrue(driver.findElements(By.cssSelector("svg.plot.completeness")).size() > 0, "a completeness plot");
            assertTrue(driver.findElement(By.cssSelector("svg.plot.latency text.share")).getText()
                    .startsWith("within TRT"));

            List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertEquals(List.of(), severe, "the browser logged errors");

            screenshot(driver, Path.of("target", "screenshots", "report.png"));
        } finally {
            driver.quit();
        }
    }

    /** The whole page, beyond the window, through the DevTools protocol (WebDriver's screenshot is the viewport). */
    private static void screenshot(ChromeDriver driver, Path file) throws Exception {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = ((Number) size.get("height")).doubleValue();
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        assertTrue(Files.size(file) > 10_000, "screenshot " + new File(file.toString()).getAbsolutePath());
    }
}
