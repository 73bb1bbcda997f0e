// How much parallelism an asynchronous run leaves a windowed engine (issue 13): runs every run of
// a scenario on the discrete-event engine in windows of simulated time of the given length (the
// lookahead: the smallest latency) and prints the events per window and the single-thread rate.
//
//   javac -cp simulator/target/dlsim.jar -d /tmp/ew simulator/bench/EventWindows.java
//   java -Xmx8g -cp /tmp/ew:simulator/target/dlsim.jar EventWindows SCENARIO.yaml 0.002
//
// A benchmark: run it on a quiet machine. Figures in simulator/BENCHMARKS.md.
import io.dlsim.simulator.run.PreparedRun;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Path;

public class EventWindows {
    public static void main(String[] args) throws Exception {
        double window = Double.parseDouble(args[1]);
        for (Scenario s : ScenarioParser.parse(Path.of(args[0]))) {
            var engine = PreparedRun.of(s).eventEngine();
            long limit = s.rounds() * s.nodes();
            long windows = 0;
            long busy = 0;
            long most = 0;
            long before = 0;
            long start = System.nanoTime();
            for (long w = 1; !engine.advance(w * window, limit); w++) {
                long events = engine.eventsProcessed() - before;
                before = engine.eventsProcessed();
                windows++;
                busy += events > 0 ? 1 : 0;
                most = Math.max(most, events);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %d events in %d windows of %s s, %.1f per window with events (most %d); %.2f s, %.0f events/s%n",
                    s.runName(), engine.eventsProcessed(), windows, window, (double) engine.eventsProcessed() / Math.max(1, busy), most,
                    seconds, engine.eventsProcessed() / seconds);
        }
    }
}
