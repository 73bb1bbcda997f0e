// Would the JDK's Vector API (incubator module on JDK 17) or a software "prefetch" make a node-step
// of the numpy-comparison workload faster (issue 11)? The production kernels' loops (8 rows'
// dot products side by side, 4 rows per pass over the gradient) against: the dot products with
// the 8 rows in the lanes of one 512-bit vector (a gather per feature), the gradient rows as
// vector loads, float32 storage widened by vector conversions, and touching every line of the
// rows (this minibatch's or the next one's) before the arithmetic. Every variant is first checked
// to give the production loops' bits, except the last three ("other bits"): what a step would
// gain if it were free to change its roundings, the dots as Math.fma (float64), and a float32
// step in float arithmetic (float fma dots, the gradient rows summed in float). Prints ns per
// minibatch of 32 rows (best of 15 x 20,000).
// Argument: shards of 500 rows (1024: 410 MB, out of cache; 4: 1.6 MB, in cache).
//
//   java --add-modules jdk.incubator.vector -Xmx4g simulator/bench/VectorKernels.java 1024
//
// A benchmark: run it on a quiet machine. Figures in simulator/BENCHMARKS.md ("Goal 1: the floor").
import jdk.incubator.vector.*;
import java.util.SplittableRandom;

public class VectorKernels {
    static final int D = 100, SHARD = 500, B = 32;
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    static final VectorSpecies<Float> SF = FloatVector.SPECIES_256;
    static double[] x; static float[] xf; static double[] w = new double[D]; static float[] wf = new float[D], gf = new float[D];
    static int shards;

    static void scalar8(double[] x, int[] p, int from, double[] w, double[] out, int at) {
        int q0 = p[from], q1 = p[from+1], q2 = p[from+2], q3 = p[from+3], q4 = p[from+4], q5 = p[from+5], q6 = p[from+6], q7 = p[from+7];
        double s0=0,s1=0,s2=0,s3=0,s4=0,s5=0,s6=0,s7=0;
        for (int j = 0; j < D; j++) { double wj = w[j];
            s0 += x[q0+j]*wj; s1 += x[q1+j]*wj; s2 += x[q2+j]*wj; s3 += x[q3+j]*wj;
            s4 += x[q4+j]*wj; s5 += x[q5+j]*wj; s6 += x[q6+j]*wj; s7 += x[q7+j]*wj; }
        out[at]=s0;out[at+1]=s1;out[at+2]=s2;out[at+3]=s3;out[at+4]=s4;out[at+5]=s5;out[at+6]=s6;out[at+7]=s7;
    }
    static void scalar8f(float[] x, int[] p, int from, double[] w, double[] out, int at) {
        int q0 = p[from], q1 = p[from+1], q2 = p[from+2], q3 = p[from+3], q4 = p[from+4], q5 = p[from+5], q6 = p[from+6], q7 = p[from+7];
        double s0=0,s1=0,s2=0,s3=0,s4=0,s5=0,s6=0,s7=0;
        for (int j = 0; j < D; j++) { double wj = w[j];
            s0 += x[q0+j]*wj; s1 += x[q1+j]*wj; s2 += x[q2+j]*wj; s3 += x[q3+j]*wj;
            s4 += x[q4+j]*wj; s5 += x[q5+j]*wj; s6 += x[q6+j]*wj; s7 += x[q7+j]*wj; }
        out[at]=s0;out[at+1]=s1;out[at+2]=s2;out[at+3]=s3;out[at+4]=s4;out[at+5]=s5;out[at+6]=s6;out[at+7]=s7;
    }
    // Other bits: one rounding per term (fma), in double or in float.
    static void fma8d(double[] x, int[] p, int from, double[] w, double[] out, int at) {
        int q0 = p[from], q1 = p[from+1], q2 = p[from+2], q3 = p[from+3], q4 = p[from+4], q5 = p[from+5], q6 = p[from+6], q7 = p[from+7];
        double s0=0,s1=0,s2=0,s3=0,s4=0,s5=0,s6=0,s7=0;
        for (int j = 0; j < D; j++) { double wj = w[j];
            s0 = Math.fma(x[q0+j], wj, s0); s1 = Math.fma(x[q1+j], wj, s1); s2 = Math.fma(x[q2+j], wj, s2); s3 = Math.fma(x[q3+j], wj, s3);
            s4 = Math.fma(x[q4+j], wj, s4); s5 = Math.fma(x[q5+j], wj, s5); s6 = Math.fma(x[q6+j], wj, s6); s7 = Math.fma(x[q7+j], wj, s7); }
        out[at]=s0;out[at+1]=s1;out[at+2]=s2;out[at+3]=s3;out[at+4]=s4;out[at+5]=s5;out[at+6]=s6;out[at+7]=s7;
    }
    static void fma8f(float[] x, int[] p, int from, float[] w, double[] out, int at) {
        int q0 = p[from], q1 = p[from+1], q2 = p[from+2], q3 = p[from+3], q4 = p[from+4], q5 = p[from+5], q6 = p[from+6], q7 = p[from+7];
        float s0=0,s1=0,s2=0,s3=0,s4=0,s5=0,s6=0,s7=0;
        for (int j = 0; j < D; j++) { float wj = w[j];
            s0 = Math.fma(x[q0+j], wj, s0); s1 = Math.fma(x[q1+j], wj, s1); s2 = Math.fma(x[q2+j], wj, s2); s3 = Math.fma(x[q3+j], wj, s3);
            s4 = Math.fma(x[q4+j], wj, s4); s5 = Math.fma(x[q5+j], wj, s5); s6 = Math.fma(x[q6+j], wj, s6); s7 = Math.fma(x[q7+j], wj, s7); }
        out[at]=s0;out[at+1]=s1;out[at+2]=s2;out[at+3]=s3;out[at+4]=s4;out[at+5]=s5;out[at+6]=s6;out[at+7]=s7;
    }
    static void axpy4ff(float[] x, int[] p, double[] a, float[] g) {
        for (int k = 0; k < B; k += 4) {
            int q0=p[k],q1=p[k+1],q2=p[k+2],q3=p[k+3]; float a0=(float)a[k],a1=(float)a[k+1],a2=(float)a[k+2],a3=(float)a[k+3];
            for (int j = 0; j < D; j++) g[j] = g[j] + a0*x[q0+j] + a1*x[q1+j] + a2*x[q2+j] + a3*x[q3+j];
        }
    }
    static void gather8(double[] x, int[] p, int from, double[] w, double[] out, int at) {
        DoubleVector s = DoubleVector.zero(S);
        for (int j = 0; j < D; j++) {
            s = s.add(DoubleVector.fromArray(S, x, j, p, from).mul(w[j]));
        }
        s.intoArray(out, at);
    }
    static void gather8f(float[] x, int[] p, int from, double[] w, double[] out, int at) {
        DoubleVector s = DoubleVector.zero(S);
        for (int j = 0; j < D; j++) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(SF, x, j, p, from).convertShape(VectorOperators.F2D, S, 0);
            s = s.add(v.mul(w[j]));
        }
        s.intoArray(out, at);
    }
    // 4 rows at a time into g, per j: g = g + a0 x0 + a1 x1 + a2 x2 + a3 x3
    static void axpy4(double[] x, int[] p, double[] a, double[] g) {
        for (int k = 0; k < B; k += 4) {
            int q0=p[k],q1=p[k+1],q2=p[k+2],q3=p[k+3]; double a0=a[k],a1=a[k+1],a2=a[k+2],a3=a[k+3];
            for (int j = 0; j < D; j++) g[j] = g[j] + a0*x[q0+j] + a1*x[q1+j] + a2*x[q2+j] + a3*x[q3+j];
        }
    }
    static void axpy4f(float[] x, int[] p, double[] a, double[] g) {
        for (int k = 0; k < B; k += 4) {
            int q0=p[k],q1=p[k+1],q2=p[k+2],q3=p[k+3]; double a0=a[k],a1=a[k+1],a2=a[k+2],a3=a[k+3];
            for (int j = 0; j < D; j++) g[j] = g[j] + a0*x[q0+j] + a1*x[q1+j] + a2*x[q2+j] + a3*x[q3+j];
        }
    }
    static void axpy4v(double[] x, int[] p, double[] a, double[] g) {
        int up = S.loopBound(D);
        for (int k = 0; k < B; k += 4) {
            int q0=p[k],q1=p[k+1],q2=p[k+2],q3=p[k+3]; double a0=a[k],a1=a[k+1],a2=a[k+2],a3=a[k+3];
            int j = 0;
            for (; j < up; j += 8) {
                DoubleVector v = DoubleVector.fromArray(S, g, j)
                    .add(DoubleVector.fromArray(S, x, q0 + j).mul(a0))
                    .add(DoubleVector.fromArray(S, x, q1 + j).mul(a1))
                    .add(DoubleVector.fromArray(S, x, q2 + j).mul(a2))
                    .add(DoubleVector.fromArray(S, x, q3 + j).mul(a3));
                v.intoArray(g, j);
            }
            for (; j < D; j++) g[j] = g[j] + a0*x[q0+j] + a1*x[q1+j] + a2*x[q2+j] + a3*x[q3+j];
        }
    }
    static DoubleVector f2d(float[] x, int o) {
        return (DoubleVector) FloatVector.fromArray(SF, x, o).convertShape(VectorOperators.F2D, S, 0);
    }
    static void axpy4fv(float[] x, int[] p, double[] a, double[] g) {
        int up = S.loopBound(D);
        for (int k = 0; k < B; k += 4) {
            int q0=p[k],q1=p[k+1],q2=p[k+2],q3=p[k+3]; double a0=a[k],a1=a[k+1],a2=a[k+2],a3=a[k+3];
            int j = 0;
            for (; j < up; j += 8) {
                DoubleVector v = DoubleVector.fromArray(S, g, j)
                    .add(f2d(x, q0 + j).mul(a0)).add(f2d(x, q1 + j).mul(a1))
                    .add(f2d(x, q2 + j).mul(a2)).add(f2d(x, q3 + j).mul(a3));
                v.intoArray(g, j);
            }
            for (; j < D; j++) g[j] = g[j] + a0*x[q0+j] + a1*x[q1+j] + a2*x[q2+j] + a3*x[q3+j];
        }
    }

    static double touch(double[] x, int[] p) {
        double s = 0;
        for (int k = 0; k < B; k++) { int q = p[k]; for (int l = 0; l < D; l += 8) s += x[q + l]; s += x[q + D - 1]; }
        return s;
    }
    static double touchf(float[] x, int[] p) {
        double s = 0;
        for (int k = 0; k < B; k++) { int q = p[k]; for (int l = 0; l < D; l += 16) s += x[q + l]; s += x[q + D - 1]; }
        return s;
    }
    static int[] nextP;
    interface Kernel { double run(int[] p, double[] z, double[] g); }

    static double sig(double[] z) { double s = 0; for (int k = 0; k < B; k++) { z[k] = 1 / (1 + Math.exp(-z[k])) - 0.5; s += z[k]; } return s; }

    public static void main(String[] args) {
        shards = Integer.parseInt(args.length > 0 ? args[0] : "1024");
        SplittableRandom r = new SplittableRandom(1);
        int n = shards * SHARD;
        x = new double[n * D]; xf = new float[n * D];
        for (int i = 0; i < x.length; i++) { xf[i] = (float) r.nextGaussian(); x[i] = xf[i]; }
        for (int j = 0; j < D; j++) { w[j] = r.nextDouble(-0.1, 0.1); wf[j] = (float) w[j]; }
        int NB = 4096; int[][] bs = new int[NB][B];
        for (int b = 0; b < NB; b++) { int s = r.nextInt(shards); for (int k = 0; k < B; k++) bs[b][k] = (s * SHARD + r.nextInt(SHARD)) * D; }
        double[] z = new double[B], z2 = new double[B], g = new double[D], g2 = new double[D];
        // check bits
        for (int b = 0; b < 100; b++) {
            for (int k = 0; k < B; k += 8) { scalar8(x, bs[b], k, w, z, k); gather8(x, bs[b], k, w, z2, k); }
            if (!java.util.Arrays.equals(z, z2)) throw new AssertionError("different bits: gather8");
            for (int k = 0; k < B; k += 8) { scalar8f(xf, bs[b], k, w, z, k); gather8f(xf, bs[b], k, w, z2, k); }
            if (!java.util.Arrays.equals(z, z2)) throw new AssertionError("different bits: gather8f");
            java.util.Arrays.fill(g, 0); java.util.Arrays.fill(g2, 0);
            axpy4(x, bs[b], z, g); axpy4v(x, bs[b], z, g2);
            if (!java.util.Arrays.equals(g, g2)) throw new AssertionError("different bits: axpy4v");
            java.util.Arrays.fill(g, 0); java.util.Arrays.fill(g2, 0);
            axpy4f(xf, bs[b], z, g); axpy4fv(xf, bs[b], z, g2);
            if (!java.util.Arrays.equals(g, g2)) throw new AssertionError("different bits: axpy4fv");
        }
        System.out.println("bits equal");
        String[] names = {"dots f64 scalar", "dots f64 gather", "dots f32 scalar", "dots f32 gather",
            "step f64 scalar", "step f64 gather+vaxpy", "step f32 scalar", "step f32 gather+vaxpy", "step f64 scalar dots+vaxpy", "step f64 touch-first", "step f64 touch-next", "step f32 vec touch-next",
            "step f64 fma dots (other bits)", "step f32 float fma (other bits)", "dots f32 float fma (other bits)"};
        Kernel[] ks = {
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) scalar8(x, p, k, w, zz, k); return zz[0]; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) gather8(x, p, k, w, zz, k); return zz[0]; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) scalar8f(xf, p, k, w, zz, k); return zz[0]; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) gather8f(xf, p, k, w, zz, k); return zz[0]; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) scalar8(x, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4(x, p, zz, gg); return gg[0] + s; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) gather8(x, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4v(x, p, zz, gg); return gg[0] + s; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) scalar8f(xf, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4f(xf, p, zz, gg); return gg[0] + s; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) gather8f(xf, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4fv(xf, p, zz, gg); return gg[0] + s; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) scalar8(x, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4v(x, p, zz, gg); return gg[0] + s; },
            (p, zz, gg) -> { double t = touch(x, p); for (int k = 0; k < B; k += 8) scalar8(x, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4(x, p, zz, gg); return gg[0] + s + t; },
            (p, zz, gg) -> { double t = touch(x, nextP); for (int k = 0; k < B; k += 8) scalar8(x, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4(x, p, zz, gg); return gg[0] + s + t; },
            (p, zz, gg) -> { double t = touchf(xf, nextP); for (int k = 0; k < B; k += 8) gather8f(xf, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4fv(xf, p, zz, gg); return gg[0] + s + t; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) fma8d(x, p, k, w, zz, k); double s = sig(zz); java.util.Arrays.fill(gg, 0); axpy4(x, p, zz, gg); return gg[0] + s; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) fma8f(xf, p, k, wf, zz, k); double s = sig(zz);
                java.util.Arrays.fill(gf, 0); axpy4ff(xf, p, zz, gf); for (int j = 0; j < D; j++) gg[j] = gf[j]; return gg[0] + s; },
            (p, zz, gg) -> { for (int k = 0; k < B; k += 8) fma8f(xf, p, k, wf, zz, k); return zz[0]; },
        };
        double sink = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ks.length; i++) {
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < 15; rep++) {
                    long t0 = System.nanoTime();
                    for (int it = 0; it < 20000; it++) { nextP = bs[(it + 1) & (NB - 1)]; sink += ks[i].run(bs[it & (NB - 1)], z, g); }
                    best = Math.min(best, System.nanoTime() - t0);
                }
                if (round == 2) System.out.printf("%-28s %7.0f ns%n", names[i], best / 20000.0);
            }
        }
        System.out.println(sink);
    }
}
