package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.report.ExperimentReport;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 4: the report of a shipped scenario, loaded in a real browser (headless Chromium
 * from Debian's {@code chromium} package, which {@code .ci/install-prerequisites.sh} installs;
 * skipped with the reason where it is absent). Runs {@code scenarios/gossip-averaging-topologies.yaml}
 * cut to 60 rounds (a topology sweep: gap chart, six topology drawings, charts against rounds
 * and bytes), then checks in the page as Chromium ran it: no console message at all (the page
 * logs only on an error), every chart set up by the embedded script ({@code data-rendered}),
 * hovering shows the values under the pointer and a legend click hides its lines. A screenshot
 * of the page is left in {@code target/report-in-browser/report.png} for people to look at.
 */
class ReportInBrowserIT {

    private static final Path SCENARIO = Path.of("..", "scenarios", "gossip-averaging-topologies.yaml").toAbsolutePath().normalize();
    private static final Pattern FIGURE = Pattern.compile("<figure class=\"chart\" id=\"([^\"]+)\">");

    @TempDir
    static Path tmp;
    private static Path chromium;
    private static Path html;

    /** Chromium from {@code DLSIM_CHROMIUM}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    static Optional<Path> findChromium() {
        String given = System.getenv("DLSIM_CHROMIUM");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @BeforeAll
    static void runTheScenario() throws Exception {
        Optional<Path> found = findChromium();
        Assumptions.assumeTrue(found.isPresent(),
                "no Chromium on the PATH (apt-get install chromium; .ci/install-prerequisites.sh installs it on CI)");
        chromium = found.get();
        String text = Files.readString(SCENARIO).replaceFirst("(?m)^rounds:\\s*\\d+", "rounds: 60");
        Path file = tmp.resolve("gossip-averaging-topologies.yaml");
        Files.writeString(file, text);
        List<Scenario> runs = ScenarioParser.parse(file);
        Path out = tmp.resolve("out");
        ExperimentRunner.run(runs, new ExperimentRunner.Options(out, EngineType.SEQUENTIAL.create(), true, null, "test", file));
        html = out.resolve(ExperimentReport.REPORT_HTML);
    }

    /** What Chromium printed: the DOM after the scripts ran, and its log. */
    private record Browser(String dom, String log) {
    }

    private static Browser chromium(Path page, String... options) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(tmp, "dom", ".html");
        Path stderr = Files.createTempFile(tmp, "log", ".txt");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"), "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(options));
        cmd.add(page.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 180 s: " + cmd);
        }
        return new Browser(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static List<String> figures(String page) {
        List<String> ids = new ArrayList<>();
        Matcher m = FIGURE.matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static List<String> consoleLines(String log) {
        return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }

    @Test
    void everyChartIsSetUpWithoutAConsoleMessage() throws Exception {
        String page = Files.readString(html);
        List<String> ids = figures(page);
        assertThat(ids).contains("final_consensus_distance_vs_spectral_gap", "consensus_distance_vs_rounds",
                "consensus_distance_vs_bytes");
        Browser b = chromium(html, "--dump-dom");
        assertThat(consoleLines(b.log())).as("console messages of the page").isEmpty();
        assertThat(b.dom()).contains("<h2>About this experiment</h2>").contains("<h2>Topologies</h2>");
        assertThat(figures(b.dom())).containsExactlyElementsOf(ids);
        Matcher rendered = Pattern.compile("<svg class=\"chart\"[^>]*data-rendered=\"true\"").matcher(b.dom());
        assertThat(rendered.results().count()).as("charts set up by the script").isEqualTo(ids.size());
        assertThat(b.dom()).doesNotContainPattern("<svg[^>]*data-render-error");
        assertThat(b.dom().split("<svg class=\"topology\"", -1).length - 1).as("ring, grid, torus, hypercube, exponential, complete")
                .isEqualTo(6);
    }

    @Test
    void hoverShowsTheValuesAndALegendClickHidesItsLines() throws Exception {
        // The report with a probe appended: it points at the middle point of the first line of the first
        // line chart, clicks that chart's first legend entry, and writes what it saw onto <body>.
        String probe = """
                <script>
                document.addEventListener('DOMContentLoaded', function () {
                  var fig = document.getElementById('consensus_distance_vs_rounds');
                  var svg = fig.querySelector('svg.chart');
                  var data = JSON.parse(fig.querySelector('script.chart-data').textContent);
                  var s = data.series[0], i = Math.floor(s.px.length / 2);
                  var pt = svg.createSVGPoint(); pt.x = s.px[i]; pt.y = s.py[i];
                  pt = pt.matrixTransform(svg.getScreenCTM());
                  svg.dispatchEvent(new MouseEvent('mousemove', {clientX: pt.x, clientY: pt.y, bubbles: true}));
                  document.body.setAttribute('data-probe-tip', fig.querySelector('.tip').textContent);
                  document.body.setAttribute('data-probe-expected', s.name + ': ' + s.y[i]);
                  fig.querySelector('g.legend-item').dispatchEvent(new MouseEvent('click', {bubbles: true}));
                  var hidden = 0;
                  svg.querySelectorAll('g.series').forEach(function (g) { if (g.style.display === 'none') { hidden++; } });
                  document.body.setAttribute('data-probe-hidden', String(hidden));
                });
                </script>
                """;
        String page = Files.readString(html);
        Path probed = html.resolveSibling("probe.html");
        Files.writeString(probed, page.replace("</body>", probe + "</body>"));
        Browser b = chromium(probed, "--dump-dom");
        assertThat(consoleLines(b.log())).isEmpty();
        Matcher tip = Pattern.compile("data-probe-tip=\"([^\"]*)\"").matcher(b.dom());
        Matcher expected = Pattern.compile("data-probe-expected=\"([^\"]*)\"").matcher(b.dom());
        assertThat(tip.find()).as("the probe ran").isTrue();
        assertThat(expected.find()).isTrue();
        assertThat(tip.group(1)).startsWith("x = ").contains(expected.group(1)).contains("type=grid");
        assertThat(b.dom()).contains("data-probe-hidden=\"1\"");
    }

    @Test
    void aScreenshotOfThePageIsLeftForPeople() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "report-in-browser").toAbsolutePath());
        Path png = dir.resolve("report.png");
        Files.deleteIfExists(png);
        Browser b = chromium(html, "--hide-scrollbars", "--window-size=1400,3000", "--screenshot=" + png);
        assertThat(consoleLines(b.log())).isEmpty();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1400);
        assertThat(img.getHeight()).isEqualTo(3000);
    }
}
