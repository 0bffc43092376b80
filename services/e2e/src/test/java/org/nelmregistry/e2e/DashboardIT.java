package org.nelmregistry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nelmregistry.testsupport.Poll;
import org.nelmregistry.testsupport.SampleCases;
import org.nelmregistry.testsupport.Tokens;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steering-committee dashboard in a real headless Chromium (Debian's chromium and
 * chromium-driver) against the real stack: Keycloak's login page (authorization code + PKCE),
 * the reporting service's report API. What a page shows must equal what the API returns to the
 * same user for the same filters; suppressed counts read "< 5" and never reach the chart data.
 */
@ExtendWith(RegistryStack.class)
class DashboardIT {

    static final String REPORTING = RegistryStack.url("reporting");
    static final String SUBMISSION = RegistryStack.url("submission");
    static final Path SHOTS = RegistryStack.root().resolve("services/e2e/target/screenshots");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost");
    static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    static String tag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A major hepatectomy; {@code died} = death 30 days after the index procedure (90-day mortality). */
    static ObjectNode sample(boolean died, int yearShift) {
        ObjectNode c = SampleCases.shiftYears(SampleCases.valid(SampleCases.identity(tag()), "registry_and_research"), yearShift);
        if (died) {
            String procedureDate = c.get("procedures").get(0).get("procedure_date").asText();
            String death = java.time.LocalDate.parse(procedureDate).plusDays(30).toString();
            ((ObjectNode) c.get("procedures").get(0)).put("clavien_dindo_max", "V");
            ObjectNode fu = (ObjectNode) c.get("follow_up").get(0);
            fu.put("visit_date", death);
            fu.put("vital_status", "dead");
            fu.put("death_date", death);
            fu.put("cause_of_death", "postoperative_complication");
        }
        return c;
    }

    static JsonNode api(String user, String path, Map<String, String> params) {
        String q = params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(REPORTING + path + (q.isEmpty() ? "" : "?" + q)))
                .header("Authorization", "Bearer " + Tokens.of(user)).header("Accept", "application/json").build();
        try {
            HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode(), path + " for " + user + ": " + res.body());
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int analystTotal() {
        return api("analyst", "/api/v1/reports/summary", Map.of()).path("total").path("count").asInt();
    }

    /**
     * Index years 1985–1989 (one fixed 5-year period, the unit of a protected year filter) belong
     * to this test: 20 cases at C001 without a death and 6 at C002 all dead within 90 days (a
     * funnel outlier above the limits whatever else the e2e store holds), plus one C002 case in
     * 1986 (a small, suppressed cell). The sample's index year is 2024.
     */
    static final int OWN_YEAR_SHIFT = -37;
    static final Map<String, String> OWN_PERIOD = Map.of("index_year_from", "1985", "index_year_to", "1989");

    @BeforeAll
    static void seed() {
        int before = analystTotal();
        List<ObjectNode> c001 = new ArrayList<>();
        List<ObjectNode> c002 = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            c001.add(sample(false, OWN_YEAR_SHIFT));
        }
        for (int i = 0; i < 6; i++) {
            c002.add(sample(true, OWN_YEAR_SHIFT));
        }
        c002.add(sample(false, OWN_YEAR_SHIFT - 1));
        c001.forEach(c -> submit("c001-submitter", c));
        c002.forEach(c -> submit("c002-submitter", c));
        int expected = before + c001.size() + c002.size();
        Poll.until("the " + (expected - before) + " seeded cases in reporting", Duration.ofSeconds(120),
                DashboardIT::analystTotal, n -> n >= expected);
    }

    static void submit(String user, ObjectNode c) {
        given().auth().oauth2(Tokens.of(user)).contentType("application/json").body(c.toString())
                .when().post(SUBMISSION + "/api/v1/cases").then().statusCode(201);
    }

    // ------------------------------------------------------------------ formatting as the page does

    static String pct(JsonNode r) {
        return r == null || r.isNull() ? "—" : new BigDecimal(r.asDouble() * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    static String ci(JsonNode lo, JsonNode hi) {
        if (lo == null || lo.isNull() || hi == null || hi.isNull()) {
            return "—";
        }
        return new BigDecimal(lo.asDouble() * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + "–"
                + new BigDecimal(hi.asDouble() * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    static String days(JsonNode d) {
        if (d == null || d.isNull()) {
            return "not reached";
        }
        double tenth = Math.round(d.asDouble() * 10) / 10.0;
        String n = tenth == Math.rint(tenth) ? Long.toString((long) tenth) : Double.toString(tenth);
        return n + " d (" + new BigDecimal(d.asDouble() / 365.25).setScale(1, RoundingMode.HALF_UP).toPlainString() + " y)";
    }

    static String count(JsonNode cell) {
        return cell.path("suppressed").asBoolean() ? "< 5" : cell.path("count").asText();
    }

    static String label(JsonNode v) {
        return v == null || v.isNull() ? "not recorded" : v.asText();
    }

    // ------------------------------------------------------------------ the browser

    /** One Chromium session (its own Keycloak cookies), collecting console errors and request hosts. */
    static final class Browser implements AutoCloseable {
        final ChromeDriver driver;
        final Path downloads;
        final String user;
        final List<String> consoleErrors = new ArrayList<>();
        /** Console errors a test provokes on purpose (Chrome logs every 4xx response as one). */
        final List<String> expectedConsoleErrors = new ArrayList<>();
        final List<String> requestUrls = new ArrayList<>();

        Browser(String user) throws IOException {
            this.user = user;
            Path chromium = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
            Path chromedriver = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
            assertTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                    "Chromium and its driver are needed: apt-get install chromium chromium-driver (./registry test does this as root)");
            downloads = Files.createDirectories(RegistryStack.root().resolve("services/e2e/target/downloads/" + user + "-" + tag()));
            ChromeOptions o = new ChromeOptions();
            o.setBinary(chromium.toFile());
            // the browser's own traffic (updates, safe browsing) is not the page's: keep it off
            o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--no-first-run", "--window-size=1440,900");
            o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            o.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                    .withLogFile(RegistryStack.logDir().resolve("chromedriver-" + user + ".log").toFile()).build();
            driver = new ChromeDriver(service, o);
            // --window-size counts the (invisible) window frame: the page itself gets 1440x900 this way
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1440, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        }

        /** Opens the dashboard, logs in on Keycloak's own page and waits for the first page. */
        void login() {
            driver.get(REPORTING + "/");
            WebDriverWait wait = new WebDriverWait(driver, PAGE_WAIT);
            wait.until(d -> !d.findElements(By.id("kc-login")).isEmpty());
            assertTrue(driver.getCurrentUrl().startsWith(org.nelmregistry.testsupport.TestStack.REALM_URL + "/protocol/openid-connect/auth"),
                    "the login is Keycloak's page: " + driver.getCurrentUrl());
            assertTrue(driver.getCurrentUrl().contains("code_challenge_method=S256"), "PKCE with S256");
            driver.findElement(By.id("username")).sendKeys(user);
            driver.findElement(By.id("password")).sendKeys(user);
            driver.findElement(By.id("kc-login")).click();
            awaitReady();
            collect();
        }

        void awaitReady() {
            new WebDriverWait(driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> "ready".equals(d.findElement(By.id("main")).getAttribute("data-state")));
        }

        /** Navigates by the URL (as a shared link would) and waits for the page to be drawn. */
        void open(String page, String query) {
            driver.get(REPORTING + "/#/" + page + (query == null ? "" : "?" + query));
            // data-query names the view drawn: the previous page's "ready" does not count
            new WebDriverWait(driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> page.equals(d.findElement(By.id("main")).getAttribute("data-page"))
                    && "ready".equals(d.findElement(By.id("main")).getAttribute("data-state"))
                    && (query == null ? "" : query).equals(String.valueOf(d.findElement(By.id("main")).getAttribute("data-query"))));
            collect();
        }

        void screenshot(String name) throws IOException {
            Files.createDirectories(SHOTS);
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(png, 16, 8);
            assertEquals(List.of(1440, 900), List.of(header.getInt(), header.getInt()), name + ".png is 1440x900");
            Files.write(SHOTS.resolve(name + ".png"), png);
        }

        /** Waits until the page has drawn the view whose query string contains {@code part}. */
        void awaitView(String page, String part) {
            new WebDriverWait(driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                WebElement main = d.findElement(By.id("main"));
                return page.equals(main.getAttribute("data-page")) && "ready".equals(main.getAttribute("data-state"))
                        && String.valueOf(main.getAttribute("data-query")).contains(part);
            });
        }

        /** The URLs of the report API calls the page made since the last {@link #clearRequests()}. */
        @SuppressWarnings("unchecked")
        List<String> reportCalls() {
            return (List<String>) driver.executeScript(
                    "return performance.getEntriesByType('resource').map(e => e.name).filter(u => u.includes('/api/v1/reports/'))");
        }

        void clearRequests() {
            driver.executeScript("performance.clearResourceTimings()");
        }

        void click(String css) {
            driver.findElement(By.cssSelector(css)).click();
        }

        /** Rows of a card's data table as text, plus "*" for cells marked suppressed with an explanation. */
        @SuppressWarnings("unchecked")
        List<List<String>> table(String card) {
            Object rows = driver.executeScript("""
                    const t = document.querySelector(`[data-card="${arguments[0]}"] .table-wrap table.data`);
                    if (!t) return null;
                    return [...t.tBodies[0].rows].map(r => [...r.cells].map(c =>
                      c.textContent + (c.dataset.suppressed === 'true' && c.title ? '*' : '')));
                    """, card);
            assertNotNull(rows, "card " + card + " has a table");
            return (List<List<String>>) rows;
        }

        /** The ECharts option of a card's chart, as JSON (what hover, axis and SVG export draw from). */
        JsonNode chartOption(String card) throws IOException {
            Object json = driver.executeScript("""
                    const box = document.querySelector(`[data-card="${arguments[0]}"] .chart`);
                    const chart = box && echarts.getInstanceByDom(box);
                    return chart ? JSON.stringify(chart.getOption(), (k, v) => typeof v === 'function' ? undefined : v) : null;
                    """, card);
            assertNotNull(json, "card " + card + " has a chart");
            return JSON.readTree((String) json);
        }

        String text(String css) {
            return driver.findElement(By.cssSelector(css)).getText();
        }

        void collect() {
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= Level.SEVERE.intValue() && expectedConsoleErrors.stream().noneMatch(e.getMessage()::contains)) {
                    consoleErrors.add(e.getMessage());
                }
            }
            for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
                try {
                    JsonNode m = JSON.readTree(e.getMessage()).path("message");
                    if ("Network.requestWillBeSent".equals(m.path("method").asText())) {
                        requestUrls.add(m.path("params").path("request").path("url").asText());
                    }
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }

        /** No console error and no request to any host but the local ones. */
        void assertCleanAndLocal() {
            collect();
            assertEquals(List.of(), consoleErrors, user + ": browser console errors");
            List<String> foreign = requestUrls.stream().filter(u -> u.startsWith("http"))
                    .filter(u -> !LOCAL_HOSTS.contains(URI.create(u).getHost())).toList();
            assertEquals(List.of(), foreign, user + ": requests to non-local hosts");
            assertFalse(requestUrls.isEmpty(), "the network log was recorded");
        }

        Path awaitDownload(String suffix) {
            return Poll.until("a downloaded *" + suffix + " in " + downloads, Duration.ofSeconds(30), () -> {
                try (Stream<Path> s = Files.list(downloads)) {
                    return s.filter(p -> p.toString().endsWith(suffix)).findFirst().orElse(null);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, p -> p != null);
        }

        @Override
        public void close() {
            driver.quit();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void steeringSeesTheApiNumbersOnEveryPageWithSuppressionKept() throws Exception {
        try (Browser b = new Browser("steering")) {
            b.login();
            Object tti = b.driver.executeScript("""
                    const t = (n) => { const m = performance.getEntriesByName(n)[0]; return m ? Math.round(m.startTime) : null; };
                    const nav = performance.getEntriesByType('navigation')[0];
                    const cells = document.querySelectorAll('[data-card=accrual-cells] tbody tr').length;
                    const r = (p) => performance.getEntriesByType('resource').filter(e => e.name.includes(p))
                        .map(e => Math.round(e.duration)).join('/');
                    return `interactive ${t('dashboard-interactive')} ms after navigation start (login code exchanged at `
                        + `${t('dashboard-token')} ms; echarts ${r('echarts.min.js')} ms, token ${r('openid-connect/token')} ms, `
                        + `summaries ${r('/reports/summary')} ms, all data at ${t('dashboard-data')} ms; ${cells} accrual cells; `
                        + `navigation timing: response end ${Math.round(nav.responseEnd)} ms, DOM interactive ${Math.round(nav.domInteractive)} ms, `
                        + `DOMContentLoaded ${Math.round(nav.domContentLoadedEventEnd)} ms, load ${Math.round(nav.loadEventEnd)} ms)`;
                    """);
            System.out.println("[DashboardIT] first page (overview) " + tti);
            assertEquals("overview", b.driver.findElement(By.id("main")).getAttribute("data-page"));
            assertEquals("steering", b.text("#username"));
            assertTrue(b.driver.findElements(By.cssSelector("nav a[data-page=exports]")).isEmpty(), "no Exports page for steering");
            b.screenshot("overview");

            // accrual: every cell of the page's table equals the API's cell for the same user
            JsonNode cube = api("steering", "/api/v1/reports/summary", Map.of());
            List<String> by = new ArrayList<>();
            cube.path("by").forEach(d -> by.add(d.asText()));
            List<List<String>> rows = b.table("accrual-cells");
            assertEquals(cube.path("cells").size(), rows.size(), "one row per accrual cell");
            boolean sawSuppressed = false;
            for (int i = 0; i < rows.size(); i++) {
                JsonNode cell = cube.path("cells").get(i);
                List<String> expected = new ArrayList<>();
                by.forEach(d -> expected.add(label(cell.get(d))));
                expected.add(cell.path("suppressed").asBoolean() ? "< 5*" : cell.path("count").asText());
                assertEquals(expected, rows.get(i), "accrual cell " + i);
                sawSuppressed |= cell.path("suppressed").asBoolean();
            }
            assertTrue(sawSuppressed, "the seeded single case makes at least one suppressed accrual cell");

            // accrual per year (the default table's year margins): suppressed years have no value in the chart's data
            List<JsonNode> perYear = new ArrayList<>();
            cube.path("margins").forEach(m -> {
                if (m.has("index_year")) {
                    perYear.add(m);
                }
            });
            assertFalse(perYear.isEmpty(), "the summary has year margins");
            JsonNode yearChart = b.chartOption("by-index_year");
            JsonNode bars = yearChart.path("series").get(0).path("data");
            List<String> years = new ArrayList<>();
            yearChart.path("xAxis").get(0).path("data").forEach(y -> years.add(y.asText()));
            Map<String, List<String>> yearRows = b.table("by-index_year").stream().collect(Collectors.toMap(r -> r.get(0), r -> r));
            assertEquals(perYear.size(), yearRows.size());
            assertEquals(years.stream().sorted().toList(), years, "years in time order");
            for (JsonNode cell : perYear) {
                String year = cell.path("index_year").asText();
                assertEquals(List.of(year, cell.path("suppressed").asBoolean() ? "< 5*" : cell.path("count").asText()), yearRows.get(year));
                JsonNode bar = bars.get(years.indexOf(year));
                if (cell.path("suppressed").asBoolean()) {
                    assertFalse(bar.isNumber(), "a suppressed year carries no number in the chart: " + bar);
                } else {
                    assertEquals(cell.path("count").asInt(), bar.asInt());
                }
            }

            // a filter kept in the URL reaches the API: the same request gives the same table
            b.open("overview", "who_grade=G2");
            // (the mix is the procedure margin of the default table, as protected there)
            JsonNode g2 = api("steering", "/api/v1/reports/summary", Map.of("who_grade", "G2"));
            List<List<String>> expectedMix = new ArrayList<>();
            g2.path("margins").forEach(m -> {
                if (m.has("procedure_type")) {
                    expectedMix.add(List.of(label(m.get("procedure_type")), m.path("suppressed").asBoolean() ? "< 5*" : m.path("count").asText()));
                }
            });
            assertFalse(expectedMix.isEmpty(), "the G2 table has procedure margins");
            assertEquals(expectedMix, b.table("by-procedure_type"));
            assertEquals("G2", new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.name("who_grade"))).getFirstSelectedOption().getAttribute("value"));

            // outcomes: rate and exact interval per index procedure, as the API gives them
            b.open("outcomes", null);
            b.screenshot("outcomes");
            JsonNode death = api("steering", "/api/v1/reports/outcomes", Map.of("indicator", "death_90d", "by", "procedure_type"));
            List<List<String>> orows = b.table("death_90d-procedure_type");
            boolean sawRate = false;
            for (int i = 0; i < death.path("groups").size(); i++) {
                JsonNode g = death.path("groups").get(i);
                List<String> row = orows.get(i);
                assertEquals(label(g.get("group")), row.get(0));
                if (g.path("rate").isNull()) {
                    assertTrue(g.path("suppressed").asBoolean());
                    assertEquals("< 5*", row.get(4), "a withheld rate reads < 5");
                } else {
                    sawRate = true;
                    assertEquals(pct(g.get("rate")), row.get(4), "rate of " + row.get(0));
                    assertEquals(ci(g.get("ci_lower"), g.get("ci_upper")), row.get(5), "95% CI of " + row.get(0));
                    assertEquals(g.path("numerator").asText(), row.get(1));
                    assertEquals(g.path("denominator").asText(), row.get(2));
                }
            }
            assertTrue(sawRate, "major hepatectomy has a shown 90-day mortality");

            // survival: the median (and its limits) as the API computes it
            b.open("survival", null);
            b.screenshot("survival");
            JsonNode os = api("steering", "/api/v1/reports/survival", Map.of("endpoint", "os"));
            List<List<String>> srows = b.table("km-os");
            JsonNode all = os.path("strata").get(0);
            assertEquals(days(all.get("median_days")), srows.get(0).get(3), "median OS");
            assertFalse(b.driver.findElements(By.cssSelector("[data-card=km-os] table.at-risk")).isEmpty(), "numbers at risk under the curve");
            b.open("survival", "strata=procedure_type");
            b.screenshot("survival-by-procedure");

            // centres: the funnel table equals the API; outliers are labelled in the chart
            b.open("centres", null);
            b.screenshot("centres");
            b.open("centres", "index_year_from=1985&index_year_to=1989");
            Map<String, String> funnelParams = new LinkedHashMap<>(OWN_PERIOD);
            funnelParams.put("indicator", "death_90d");
            JsonNode funnel = api("steering", "/api/v1/reports/funnel", funnelParams);
            List<List<String>> frows = b.table("funnel");
            List<String> outliers = new ArrayList<>();
            for (int i = 0; i < funnel.path("centres").size(); i++) {
                JsonNode c = funnel.path("centres").get(i);
                List<String> row = frows.get(i);
                assertEquals(c.path("centre_id").asText(), row.get(0));
                if (!c.path("rate").isNull()) {
                    assertEquals(pct(c.get("rate")), row.get(3), "rate of " + row.get(0));
                    assertEquals(c.path("position").asText().replace('_', ' '), row.get(4), "position of " + row.get(0));
                    if (!"within".equals(c.path("position").asText())) {
                        outliers.add(c.path("centre_id").asText());
                    }
                }
            }
            assertTrue(outliers.contains("C002"), "C002 (6 of 6 died) is a funnel outlier: " + outliers);
            JsonNode points = b.chartOption("funnel").path("series");
            JsonNode centrePoints = points.get(points.size() - 1).path("data");
            List<String> labelled = new ArrayList<>();
            centrePoints.forEach(p -> {
                if (p.path("label").path("show").asBoolean()) {
                    labelled.add(p.path("centre").path("centre_id").asText());
                }
            });
            assertEquals(outliers.stream().sorted().toList(), labelled.stream().sorted().toList(), "outliers and only they are labelled");

            b.open("alpps", null);
            b.screenshot("alpps");
            b.open("completeness", null);
            b.screenshot("completeness");
            b.open("exports", null);
            assertTrue(b.text("#main").contains("for analysts only"));

            b.assertCleanAndLocal();

            // logout ends the Keycloak session and lands on the page's own logged-out view
            b.open("overview", null);
            b.driver.findElement(By.id("logout")).click();
            new WebDriverWait(b.driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> !d.findElements(By.cssSelector("#message-page h1")).isEmpty());
            assertEquals("You are logged out", b.text("#message-page h1"));
        }
    }

    @Test
    void centreLeadSeesItsOwnCentreHighlightedWithItsExactNumbers() throws Exception {
        try (Browser b = new Browser("c001-lead")) {
            b.login();
            b.open("centres", null);
            b.screenshot("centres-c001-lead");
            List<List<String>> frows = b.table("funnel");
            List<WebElement> highlighted = b.driver.findElements(By.cssSelector("[data-card=funnel] table.data tr.hl"));
            assertEquals(1, highlighted.size(), "exactly one highlighted centre");
            assertTrue(highlighted.get(0).getAttribute("textContent").startsWith("C001"));
            JsonNode points = b.chartOption("funnel").path("series");
            JsonNode centrePoints = points.get(points.size() - 1).path("data");
            boolean diamond = false;
            for (JsonNode p : centrePoints) {
                if ("C001".equals(p.path("centre").path("centre_id").asText())) {
                    diamond = "diamond".equals(p.path("symbol").asText());
                }
            }
            assertTrue(diamond, "C001 is drawn as the highlighted diamond; rows " + frows);

            JsonNode mine = api("c001-lead", "/api/v1/reports/my-centre", Map.of());
            List<List<String>> own = b.table("my-centre");
            assertEquals(List.of("cases", count(mine.path("accrual").path("centre").path("total")),
                    count(mine.path("accrual").path("registry").path("total"))), own.get(0));
            for (JsonNode o : mine.path("outcomes")) {
                JsonNode g = o.path("centre");
                if (!g.path("rate").isNull()) {
                    String expected = pct(g.get("rate")) + " (" + g.path("numerator").asText() + "/" + g.path("denominator").asText() + "; "
                            + ci(g.get("ci_lower"), g.get("ci_upper")) + ")";
                    assertTrue(own.stream().anyMatch(r -> r.get(1).equals(expected)), "own " + o.path("indicator").asText() + " " + expected + " in " + own);
                }
            }
            b.assertCleanAndLocal();
        }
    }

    /**
     * An analyst requests a CSV export on the Exports page, watches it complete, downloads the zip
     * and the codebook through fetch with the bearer token (never a token in a URL), and finds it
     * in the list of past exports.
     */
    @Test
    void analystRequestsAnExportAndDownloadsIt() throws Exception {
        String purpose = "DashboardIT export " + tag();
        try (Browser b = new Browser("analyst")) {
            b.login();
            assertFalse(b.driver.findElements(By.cssSelector("nav a[data-page=exports]")).isEmpty(), "analysts see the Exports page");
            b.click("nav a[data-page=exports]");
            b.awaitView("exports", "");
            b.screenshot("exports-form");
            new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.id("ex-format"))).selectByValue("csv");
            // without a purpose the API refuses (400 problem+json); the page shows why beside the field
            b.expectedConsoleErrors.add(REPORTING + "/api/v1/exports - Failed to load resource: the server responded with a status of 400");
            b.click("#ex-submit");
            new WebDriverWait(b.driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> !d.findElement(By.id("err-purpose")).getText().isBlank());
            assertEquals("true", b.driver.findElement(By.id("ex-purpose")).getAttribute("aria-invalid"));
            assertEquals("400", b.driver.findElement(By.cssSelector("#export-errors .error")).getAttribute("data-error"));
            b.driver.findElement(By.id("ex-purpose")).sendKeys(purpose);
            b.click("#ex-submit");
            new WebDriverWait(b.driver, Duration.ofSeconds(90)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> "completed".equals(
                    d.findElement(By.id("export-status")).getAttribute("data-status")));
            String id = b.driver.findElement(By.id("export-status")).getAttribute("data-export");
            assertNotNull(id);

            b.click("#export-status .download-file");
            Path zip = b.awaitDownload(".zip");
            assertEquals("nelm-export-" + id + ".zip", zip.getFileName().toString());
            List<String> entries = new ArrayList<>();
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
                for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    entries.add(e.getName());
                }
            }
            assertTrue(entries.containsAll(List.of("cases.csv", "codebook.csv")), "the zip's files: " + entries);

            b.click("#export-status .download-codebook");
            JsonNode codebook = JSON.readTree(Files.readString(b.awaitDownload(".json")));
            assertEquals(purpose, codebook.path("export").path("purpose").asText(), "the codebook is this export's");
            assertTrue(codebook.path("columns").size() > 0);

            // the list of past exports (GET /api/v1/exports) shows it, completed
            new WebDriverWait(b.driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> !d.findElements(
                    By.cssSelector("#export-list tr[data-export='" + id + "'][data-status=completed]")).isEmpty());
            assertTrue(b.text("#export-list tr[data-export='" + id + "'] td.purpose").equals(purpose));
            b.driver.executeScript("window.scrollTo(0, 0)");
            b.screenshot("exports");

            // no URL of this service carries a token (a JWT starts "eyJ"): downloads went through fetch + Blob
            b.collect();
            List<String> withToken = b.requestUrls.stream().filter(u -> u.startsWith(REPORTING))
                    .filter(u -> u.contains("eyJ") || u.contains("token=")).toList();
            assertEquals(List.of(), withToken, "a token in a URL");
            assertTrue(b.requestUrls.stream().anyMatch(u -> u.startsWith(REPORTING + "/api/v1/exports/" + id + "/file")), "the zip came from the API");
            b.assertCleanAndLocal();
        }
    }

    /** The page and its scripts come with a CSP that allows only this origin and the Keycloak realm. */
    @Test
    void theDashboardIsServedWithAStrictContentSecurityPolicy() throws Exception {
        for (String path : List.of("/", "/dashboard/app.js", "/webjars/echarts/5.3.1/dist/echarts.min.js")) {
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(REPORTING + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode(), path);
            String csp = res.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self';"), path + ": " + csp);
            assertTrue(csp.contains("connect-src 'self' " + org.nelmregistry.testsupport.TestStack.REALM_URL + "/;"), path + ": " + csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("*"), path + ": " + csp);
            assertEquals("nosniff", res.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
        // the dashboard's own files have no version in their URL: revalidated every time (ETag, 304)
        for (String path : List.of("/", "/dashboard/app.js", "/dashboard/charts.js", "/dashboard/app.css")) {
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(REPORTING + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("no-cache", res.headers().firstValue("Cache-Control").orElse(""), path);
            String etag = res.headers().firstValue("ETag").orElse("");
            assertTrue(etag.matches("\"[0-9a-f]{32}\""), path + " ETag " + etag);
            HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(REPORTING + path)).header("If-None-Match", etag).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(304, again.statusCode(), path + " revalidated");
            assertEquals("", again.body());
        }
        // the chart library's URL names its version: cached as immutable
        HttpResponse<Void> lib = HTTP.send(HttpRequest.newBuilder(URI.create(REPORTING + "/webjars/echarts/5.3.1/dist/echarts.min.js")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertTrue(lib.headers().firstValue("Cache-Control").orElse("").contains("immutable"), lib.headers().map().toString());
        // the bootstrap settings are public (no secret in them); the page needs them before login
        JsonNode cfg = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(REPORTING + "/api/v1/dashboard/config")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("registry-dashboard", cfg.path("client_id").asText());
        assertEquals(org.nelmregistry.testsupport.TestStack.REALM_URL, cfg.path("auth_server_url").asText());
    }

    @Test
    void aSubmitterIsRefusedWithAClearPage() throws Exception {
        try (Browser b = new Browser("c001-submitter")) {
            b.login();
            assertEquals("no-access", b.driver.findElement(By.id("main")).getAttribute("data-page"));
            assertEquals("No access to the dashboard", b.text("#message-page h1"));
            assertTrue(b.text("#message-page").contains("c001-submitter"));
            b.screenshot("no-access");
            b.assertCleanAndLocal();
        }
    }

    /**
     * Every chart downloads as PNG, SVG and CSV. The CSV of the overview's accrual chart has the
     * API's cells, a suppressed one as "< 5" (never 0 or a number); the SVG writes "< 5" too.
     */
    @Test
    void chartsDownloadAsPngSvgAndCsvWithSuppressionKept() throws Exception {
        try (Browser b = new Browser("steering")) {
            b.login();
            JsonNode cube = api("steering", "/api/v1/reports/summary", Map.of());
            Map<String, String> expected = new LinkedHashMap<>();
            cube.path("margins").forEach(m -> {
                if (m.has("index_year")) {
                    expected.put(m.path("index_year").asText(), m.path("suppressed").asBoolean() ? "< 5" : m.path("count").asText());
                }
            });
            assertTrue(expected.containsValue("< 5"), "the seeded 1986 case makes a suppressed year: " + expected);

            b.click("[data-card=by-index_year] .tools button[title^='Download the data']");
            List<String> csv = Files.readAllLines(b.awaitDownload("by-index_year.csv"));
            assertEquals("index year,cases", csv.get(0));
            Map<String, String> downloaded = new LinkedHashMap<>();
            csv.stream().skip(1).forEach(l -> downloaded.put(l.substring(0, l.indexOf(',')), l.substring(l.indexOf(',') + 1)));
            assertEquals(expected, downloaded, "the chart's CSV cells equal the API's year margins");

            b.click("[data-card=by-index_year] .tools button[title$='as PNG']");
            byte[] png = Files.readAllBytes(b.awaitDownload("by-index_year.png"));
            assertEquals("\u0089PNG", new String(png, 0, 4, StandardCharsets.ISO_8859_1), "a PNG file");
            b.click("[data-card=by-index_year] .tools button[title$='as SVG']");
            String svg = Files.readString(b.awaitDownload("by-index_year.svg"));
            assertTrue(svg.startsWith("<svg") && svg.contains("&lt; 5"), "an SVG with the suppressed year drawn as < 5");
            // well-formed XML (ECharts 5.3.1 leaves text unescaped; the page escapes it)
            javax.xml.parsers.DocumentBuilderFactory xml = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            xml.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            xml.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

            // the table view (for screen readers) is in the document, and the button shows it
            assertEquals("false", b.driver.findElement(By.cssSelector("[data-card=by-index_year] button[aria-expanded]")).getAttribute("aria-expanded"));
            b.click("[data-card=by-index_year] button[aria-expanded]");
            assertTrue(b.driver.findElement(By.cssSelector("[data-card=by-index_year] table.data")).isDisplayed());

            // the table-only card (every accrual cell) keeps suppression in its CSV too
            b.click("[data-card=accrual-cells] .tools button[title^='Download the data']");
            List<String> lines = Files.readAllLines(b.awaitDownload("accrual-cells.csv")).stream().skip(1).toList();
            assertEquals(cube.path("cells").size(), lines.size());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode cell = cube.path("cells").get(i);
                assertTrue(lines.get(i).endsWith("," + (cell.path("suppressed").asBoolean() ? "< 5" : cell.path("count").asText())),
                        "cell " + i + ": " + lines.get(i));
            }
            b.assertCleanAndLocal();
        }
    }

    /** A freeze chosen in the filter bar goes into the URL and into every report call; the numbers are the freeze's. */
    @Test
    void aFreezeChosenInTheFilterBarReachesTheUrlAndEveryReportCall() throws Exception {
        String name = "dash-" + tag();
        given().auth().oauth2(Tokens.of("data-manager")).contentType("application/json").body("{\"name\":\"" + name + "\"}")
                .when().post(REPORTING + "/api/v1/freezes").then().statusCode(201);
        try (Browser b = new Browser("steering")) {
            b.login();
            // the freeze list fills the select once the first page is drawn
            By option = By.cssSelector("#filters select[name=freeze] option[value='" + name + "']");
            new WebDriverWait(b.driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> !d.findElements(option).isEmpty());
            b.clearRequests();
            new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.cssSelector("#filters select[name=freeze]"))).selectByValue(name);
            b.awaitView("overview", "freeze=" + name);
            assertTrue(b.driver.getCurrentUrl().contains("freeze=" + name), "the freeze is in the URL: " + b.driver.getCurrentUrl());
            List<String> calls = b.reportCalls();
            assertFalse(calls.isEmpty());
            assertEquals(List.of(), calls.stream().filter(u -> !u.contains("freeze=" + name)).toList(), "report calls without the freeze");

            JsonNode frozen = api("steering", "/api/v1/reports/summary", Map.of("freeze", name));
            assertEquals(count(frozen.path("total")), b.text("[data-kpi=total] b"), "the total is the freeze's");
            assertEquals(frozen.path("cells").size(), b.table("accrual-cells").size());
            b.screenshot("overview-freeze");

            // moving to another page keeps the freeze (the navigation carries the filters)
            b.clearRequests();
            b.click("nav a[data-page=outcomes]");
            b.awaitView("outcomes", "freeze=" + name);
            calls = b.reportCalls();
            assertFalse(calls.isEmpty());
            assertEquals(List.of(), calls.stream().filter(u -> !u.contains("freeze=" + name)).toList(), "report calls without the freeze");
            assertEquals(name, new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.cssSelector("#filters select[name=freeze]")))
                    .getFirstSelectedOption().getAttribute("value"));
            b.assertCleanAndLocal();
        }
    }

    /**
     * Without activity for the configured idle timeout (short in the e2e run: RegistryStack) the
     * page drops its tokens and shows "Signed out after inactivity"; Keycloak's session ends too, so
     * signing in asks for the password. While the user is active the session goes on.
     */
    @Test
    void anIdleSessionIsSignedOutAndAnActiveOneIsNot() throws Exception {
        JsonNode cfg = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(REPORTING + "/api/v1/dashboard/config")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        int idle = cfg.path("idle_timeout_seconds").asInt();
        assertEquals(Duration.parse(RegistryStack.DASHBOARD_IDLE_TIMEOUT).toSeconds(), idle, "the served idle timeout is the configured one");
        try (Browser b = new Browser("c001-lead")) {
            b.login();
            // active (the mouse moves every few seconds) for longer than the timeout: still signed in
            long activeUntil = System.nanoTime() + Duration.ofSeconds(idle + 10).toNanos();
            org.openqa.selenium.interactions.Actions mouse = new org.openqa.selenium.interactions.Actions(b.driver);
            int[] step = {0};
            new WebDriverWait(b.driver, Duration.ofSeconds(idle + 40)).pollingEvery(Duration.ofSeconds(3)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                step[0]++;
                mouse.moveToLocation(200 + 40 * (step[0] % 10), 300).perform();
                assertEquals("overview", d.findElement(By.id("main")).getAttribute("data-page"), "signed out while active");
                return System.nanoTime() > activeUntil;
            });
            b.clearRequests();
            // then nothing after this click: the page signs itself out
            long idleFrom = System.nanoTime();
            b.click("nav a[data-page=outcomes]");
            b.awaitView("outcomes", "");
            assertFalse(b.reportCalls().isEmpty(), "the API still answers after the timeout's length of activity");

            new WebDriverWait(b.driver, Duration.ofSeconds(idle + 60)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                    "signed-out-idle".equals(d.findElement(By.id("main")).getAttribute("data-page"))
                            && d.getCurrentUrl().equals(REPORTING + "/"));
            long waited = Duration.ofNanos(System.nanoTime() - idleFrom).toSeconds();
            System.out.println("[DashboardIT] idle sign-out after " + waited + " s (timeout " + idle + " s)");
            assertTrue(waited >= idle, "not before the timeout: " + waited + " s");
            assertEquals("Signed out after inactivity", b.text("#message-page h1"));
            assertTrue(b.driver.findElements(By.cssSelector("[data-card]")).isEmpty(), "no report left on the page");
            assertEquals(0L, b.driver.executeScript("return localStorage.length + sessionStorage.length"), "no token kept in storage");
            b.collect();
            assertTrue(b.requestUrls.stream().anyMatch(u -> u.contains("/protocol/openid-connect/logout")), "Keycloak's session was ended");
            b.screenshot("signed-out-idle");

            // Keycloak's session is gone: signing in again shows its login form
            b.click("#login");
            new WebDriverWait(b.driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> !d.findElements(By.id("kc-login")).isEmpty());
            b.assertCleanAndLocal();
        }
    }
}
