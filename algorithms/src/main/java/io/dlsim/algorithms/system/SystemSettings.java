package io.dlsim.algorithms.system;

import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;

/**
 * The scenario's optional {@code system:} section: how long computation and communication take
 * in simulated seconds. Without it a run counts rounds only and writes what it always wrote;
 * with it every node keeps a clock ({@link io.dlsim.algorithms.engine.RoundClock}) and the
 * metrics gain {@code sim_seconds} and {@code idle_fraction}.
 *
 * <pre>
 * system:
 *   compute:
 *     seconds-per-step: 0.02          # or flops-per-second: 5e9 (the model's FLOPs per example x examples / rate)
 *     jitter: { type: lognormal, sigma: 0.3 }
 *     stragglers: { fraction: 0.1, slowdown: 5 }
 *   network:
 *     latency: { type: constant, seconds: 0.01 }
 *     bandwidth: { bytes-per-second: 1.25e8, shared-uplink: true }
 *   churn: { type: on-off, mean-online-seconds: 600, mean-offline-seconds: 60 }
 * </pre>
 *
 * @param compute the local step's duration; none: steps take no time
 * @param network the messages' delay; none: messages arrive when they are sent
 * @param churn when nodes are offline; none: every node is always online
 */
public record SystemSettings(Compute compute, Network network, Churn churn) {
    public SystemSettings {
        compute = compute == null ? new Compute(null, null, null, null) : compute;
        network = network == null ? new Network(null, null) : network;
    }

    /** Settings without churn. */
    public SystemSettings(Compute compute, Network network) {
        this(compute, network, null);
    }

    /**
     * When nodes are offline ({@code system.churn}): an offline node neither computes nor sends,
     * and its neighbours mix over their online neighbours only ({@link ChurnModel} has the
     * protocol). Whether node i is online is a function of simulated time alone, read by node i
     * at its own clock, so it is the same in every engine.
     */
    public sealed interface Churn {
        /** The {@code churn: { type: ... }} names. */
        TypeRegistry<Churn> TYPES = TypeRegistry.of(Churn.class).with("on-off", OnOff.class).with("trace", Trace.class)
                .complete();

        /**
         * Every node alternates online and offline periods of exponentially distributed lengths
         * (an alternating renewal process, the on-off availability model of gossipy and
         * PeerSim), drawn per node and period from the seed; every node starts online, so a node
         * is online a share {@code on / (on + off)} of the time in the long run.
         *
         * @param meanOnlineSeconds mean length of an online period, > 0
         * @param meanOfflineSeconds mean length of an offline period, > 0
         */
        record OnOff(Double meanOnlineSeconds, Double meanOfflineSeconds) implements Churn {
            public OnOff {
                Problems p = new Problems();
                if (p.required("mean-online-seconds", meanOnlineSeconds) != null) {
                    meanOnlineSeconds = p.positive("mean-online-seconds", meanOnlineSeconds);
                }
                if (p.required("mean-offline-seconds", meanOfflineSeconds) != null) {
                    meanOfflineSeconds = p.positive("mean-offline-seconds", meanOfflineSeconds);
                }
                p.throwIfAny();
            }
        }

        /**
         * Offline intervals from a file ({@link ChurnTrace#read}): one line {@code node from until}
         * per interval, in simulated seconds; a node is offline at time s when
         * {@code from <= s < until} for one of its lines, online otherwise.
         *
         * @param path the file, relative to the scenario file
         */
        record Trace(String path) implements Churn {
            public Trace {
                Problems p = new Problems();
                p.required("path", path);
                p.throwIfAny();
            }
        }
    }

    /**
     * How long one local step of a node takes: {@code base x slowdown x jitter}, where base is
     * {@code seconds-per-step}, or the FLOPs of the gradient evaluations the step did divided by
     * {@code flops-per-second} (so DPSVRG's full-gradient steps take longer), slowdown is the
     * straggler factor (1 for the others) or 1 / the node's speed from a file, and jitter a
     * per-node, per-round factor of mean 1.
     *
     * @param secondsPerStep seconds one step takes (exclusive with flopsPerSecond)
     * @param flopsPerSecond a node's compute rate (exclusive with secondsPerStep)
     * @param jitter per-step variation; none: every step of a node takes the same time
     * @param stragglers nodes that are slower; none: every node is equally fast
     * @param speeds every node's relative speed from a file (exclusive with stragglers)
     */
    public record Compute(Double secondsPerStep, Double flopsPerSecond, Jitter jitter, Stragglers stragglers, Speeds speeds) {
        public Compute {
            Problems p = new Problems();
            if (secondsPerStep != null && flopsPerSecond != null) {
                p.add("seconds-per-step", "give seconds-per-step or flops-per-second, not both");
            }
            if (secondsPerStep != null) {
                secondsPerStep = p.nonNegative("seconds-per-step", secondsPerStep, 0);
            }
            if (flopsPerSecond != null) {
                flopsPerSecond = p.positive("flops-per-second", flopsPerSecond);
            }
            p.check(stragglers == null || speeds == null, "speeds", "give stragglers or speeds, not both");
            p.throwIfAny();
        }

        /** Compute without a speeds file. */
        public Compute(Double secondsPerStep, Double flopsPerSecond, Jitter jitter, Stragglers stragglers) {
            this(secondsPerStep, flopsPerSecond, jitter, stragglers, null);
        }
    }

    /**
     * Every node's relative speed, from a text file of one number per node in node id order (1:
     * nominal, 0.2: five times slower, 2: twice as fast; blank lines and {@code #} comments are
     * skipped): a node's step takes base / speed seconds. Read by {@link NodeSpeeds#read}.
     *
     * @param path the file, relative to the scenario file
     */
    public record Speeds(String path) {
        public Speeds {
            Problems p = new Problems();
            p.required("path", path);
            p.throwIfAny();
        }
    }

    /**
     * These settings with the paths of the speeds and latency files resolved against
     * {@code baseDir} (the scenario file's folder) and checked to exist.
     *
     * @throws io.dlsim.topologies.settings.InvalidSettingsException naming the path that does not
     */
    public SystemSettings resolve(java.nio.file.Path baseDir) {
        Problems p = new Problems();
        Compute c = compute;
        if (c.speeds() != null) {
            java.nio.file.Path f = baseDir.resolve(c.speeds().path()).normalize();
            p.check(java.nio.file.Files.isRegularFile(f), "compute.speeds.path", "no such file: " + f);
            c = new Compute(c.secondsPerStep(), c.flopsPerSecond(), c.jitter(), c.stragglers(), new Speeds(f.toString()));
        }
        Network n = network;
        if (n.latency() instanceof Latency.File file) {
            java.nio.file.Path f = baseDir.resolve(file.path()).normalize();
            p.check(java.nio.file.Files.isRegularFile(f), "network.latency.path", "no such file: " + f);
            n = new Network(new Latency.File(f.toString()), n.bandwidth(), n.loss(), n.onLoss(), n.retransmitTimeout());
        }
        Churn churned = churn;
        if (churn instanceof Churn.Trace trace) {
            java.nio.file.Path f = baseDir.resolve(trace.path()).normalize();
            p.check(java.nio.file.Files.isRegularFile(f), "churn.path", "no such file: " + f);
            churned = new Churn.Trace(f.toString());
        }
        p.throwIfAny();
        return new SystemSettings(c, n, churned);
    }

    /**
     * A fixed set of slow nodes: exactly {@code round(fraction x n)} nodes, drawn from the seed,
     * whose every step takes {@code slowdown} times as long.
     *
     * @param fraction share of the nodes that are stragglers, in [0, 1]
     * @param slowdown how many times slower a straggler's step is, >= 1
     */
    public record Stragglers(Double fraction, Double slowdown) {
        public Stragglers {
            Problems p = new Problems();
            if (p.required("fraction", fraction) != null) {
                fraction = p.inRange("fraction", fraction, 0, 0, false, 1, false);
            }
            if (p.required("slowdown", slowdown) != null) {
                p.check(slowdown >= 1 && Double.isFinite(slowdown), "slowdown",
                        "must be a finite number >= 1 (times slower), got " + slowdown);
            }
            p.throwIfAny();
        }
    }

    /** The per-step factor of a node's compute time, of mean 1, drawn per node and round. */
    public sealed interface Jitter {
        /** The {@code jitter: { type: ... }} names. */
        TypeRegistry<Jitter> TYPES = TypeRegistry.of(Jitter.class).with("lognormal", Lognormal.class)
                .with("uniform", Uniform.class).complete();

        /** The factor for a standard normal draw z and a uniform draw u in [0, 1). */
        double factor(double z, double u);

        /** Whether {@link #factor} reads z (else only u is drawn: a normal draw costs a logarithm and a cosine). */
        boolean needsNormal();

        /** {@code exp(sigma z - sigma^2 / 2)}: log-normal of mean 1. */
        record Lognormal(Double sigma) implements Jitter {
            public Lognormal {
                Problems p = new Problems();
                if (p.required("sigma", sigma) != null) {
                    p.check(sigma >= 0 && sigma <= 10, "sigma", "must be in [0, 10], got " + sigma);
                }
                p.throwIfAny();
            }

            @Override
            public double factor(double z, double u) {
                return StrictMath.exp(sigma * z - sigma * sigma / 2);
            }

            @Override
            public boolean needsNormal() {
                return true;
            }
        }

        /** {@code 1 + spread (2u - 1)}: uniform on [1 - spread, 1 + spread]. */
        record Uniform(Double spread) implements Jitter {
            public Uniform {
                Problems p = new Problems();
                if (p.required("spread", spread) != null) {
                    spread = p.inRange("spread", spread, 0, 0, false, 1, true);
                }
                p.throwIfAny();
            }

            @Override
            public double factor(double z, double u) {
                return 1 + spread * (2 * u - 1);
            }

            @Override
            public boolean needsNormal() {
                return false;
            }
        }
    }

    /** What happens to a lost message ({@code network.on-loss}). */
    public enum OnLoss {
        /** The sender sends it again after {@code retransmit-timeout} seconds, until it arrives: it costs time and bytes. */
        RETRANSMIT,
        /** It is not sent again: the receiver combines the messages that arrived, its row of W re-normalised over them. */
        SKIP
    }

    /**
     * The network: a message of s bytes from j to i, ready at time r, arrives at
     * {@code r + transmission + latency(j, i, t)}, where transmission is s/B, or k s/B when the
     * sender's uplink is shared by its k concurrent sends (each gets B/k). Each copy of a message
     * is lost with probability {@code loss}, drawn per link, round and attempt.
     *
     * @param latency the propagation delay of one message; none: 0
     * @param bandwidth a node's uplink; none: unlimited (transmission takes no time)
     * @param loss the probability that one copy is lost, in [0, 1); default 0
     * @param onLoss retransmit (default) or skip
     * @param retransmitTimeout seconds after which a lost copy is sent again (required with loss and retransmit)
     */
    public record Network(Latency latency, Bandwidth bandwidth, Double loss, OnLoss onLoss, Double retransmitTimeout) {
        public Network {
            Problems p = new Problems();
            latency = latency == null ? new Latency.Constant(0.0) : latency;
            loss = p.inRange("loss", loss, 0, 0, false, 1, true);
            onLoss = onLoss == null ? OnLoss.RETRANSMIT : onLoss;
            if (retransmitTimeout != null) {
                retransmitTimeout = p.positive("retransmit-timeout", retransmitTimeout);
                p.check(onLoss == OnLoss.RETRANSMIT, "retransmit-timeout", "is only for on-loss: retransmit");
            } else if (loss > 0 && onLoss == OnLoss.RETRANSMIT) {
                p.add("retransmit-timeout", "is required with loss > 0 and on-loss: retransmit (seconds after which a lost "
                        + "message is sent again)");
            }
            p.throwIfAny();
        }

        /** A network without loss. */
        public Network(Latency latency, Bandwidth bandwidth) {
            this(latency, bandwidth, null, null, null);
        }
    }

    /**
     * @param bytesPerSecond the uplink rate B of every node
     * @param sharedUplink whether a node's concurrent sends share its uplink fairly (default true)
     */
    public record Bandwidth(Double bytesPerSecond, Boolean sharedUplink) {
        public Bandwidth {
            Problems p = new Problems();
            if (p.required("bytes-per-second", bytesPerSecond) != null) {
                bytesPerSecond = p.positive("bytes-per-second", bytesPerSecond);
            }
            sharedUplink = sharedUplink == null || sharedUplink;
            p.throwIfAny();
        }
    }

    /** The latency of one message, drawn per link and round. */
    public sealed interface Latency {
        /** The {@code latency: { type: ... }} names. */
        TypeRegistry<Latency> TYPES = TypeRegistry.of(Latency.class).with("constant", Constant.class)
                .with("uniform", Uniform.class).with("lognormal", Lognormal.class).with("file", File.class).complete();

        /** Seconds, for a standard normal draw z and a uniform draw u in [0, 1). */
        double seconds(double z, double u);

        /** The smallest latency this distribution gives (0 for log-normal): the lookahead of a conservative synchronization. */
        double minimum();

        /** Whether {@link #seconds} reads z (else only u is drawn). */
        default boolean needsNormal() {
            return false;
        }

        /** Every message takes {@code seconds}. */
        record Constant(Double seconds) implements Latency {
            public Constant {
                Problems p = new Problems();
                seconds = p.nonNegative("seconds", p.required("seconds", seconds), 0);
                p.throwIfAny();
            }

            @Override
            public double seconds(double z, double u) {
                return seconds;
            }

            @Override
            public double minimum() {
                return seconds;
            }
        }

        /** Uniform on [min, max). */
        record Uniform(Double min, Double max) implements Latency {
            public Uniform {
                Problems p = new Problems();
                min = p.nonNegative("min", p.required("min", min), 0);
                max = p.nonNegative("max", p.required("max", max), 0);
                p.check(max >= min, "max", "must be >= min (" + min + "), got " + max);
                p.throwIfAny();
            }

            @Override
            public double seconds(double z, double u) {
                return min + (max - min) * u;
            }

            @Override
            public double minimum() {
                return min;
            }
        }

        /**
         * Every link's latency from a file ({@link LatencyMatrix#read}): n rows of n seconds, row
         * i the sender, column j the receiver; the same every round.
         *
         * @param path the file, relative to the scenario file
         */
        record File(String path) implements Latency {
            public File {
                Problems p = new Problems();
                p.required("path", path);
                p.throwIfAny();
            }

            /** Not a distribution: {@link SystemModel} reads the link's value from the file. */
            @Override
            public double seconds(double z, double u) {
                throw new IllegalStateException("a latency file gives one value per link, read by SystemModel");
            }

            /** 0: the bound that holds without reading the file. */
            @Override
            public double minimum() {
                return 0;
            }
        }

        /** {@code median x exp(sigma z)}: log-normal with that median. */
        record Lognormal(Double median, Double sigma) implements Latency {
            public Lognormal {
                Problems p = new Problems();
                median = p.positive("median", p.required("median", median));
                if (p.required("sigma", sigma) != null) {
                    p.check(sigma >= 0 && sigma <= 10, "sigma", "must be in [0, 10], got " + sigma);
                }
                p.throwIfAny();
            }

            @Override
            public double seconds(double z, double u) {
                return median * StrictMath.exp(sigma * z);
            }

            @Override
            public boolean needsNormal() {
                return true;
            }

            @Override
            public double minimum() {
                return 0;
            }
        }
    }
}
