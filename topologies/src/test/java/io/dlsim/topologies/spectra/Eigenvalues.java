package io.dlsim.topologies.spectra;

import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test helper: every eigenvalue of a symmetric W, ascending, by LAPACK {@code syev} through
 * nd4j (the way {@link Spectra#dense} calls it, but returning the whole spectrum so tests can
 * compare it with a closed form).
 */
public final class Eigenvalues {
    private Eigenvalues() {
    }

    /** All eigenvalues of the symmetric matrix {@code w}, ascending. */
    public static double[] of(MixingMatrix w) {
        if (!w.isSymmetric(0.0)) {
            throw new IllegalArgumentException("Eigenvalues.of needs an exactly symmetric matrix");
        }
        int n = w.n();
        INDArray a = Nd4j.createFromArray(w.toDense()).castTo(DataType.DOUBLE).dup('f');
        INDArray eig = Nd4j.create(DataType.DOUBLE, n);
        int info = Nd4j.getBlasWrapper().lapack().syev('N', 'U', a, eig);
        if (info != 0) {
            throw new ArithmeticException("syev info=" + info);
        }
        double[] ev = eig.toDoubleVector();
        Arrays.sort(ev);
        return ev;
    }

    /** The largest absolute difference between two equally long sorted spectra. */
    public static double maxDifference(double[] sortedA, double[] sortedB) {
        if (sortedA.length != sortedB.length) {
            throw new IllegalArgumentException(sortedA.length + " vs " + sortedB.length + " eigenvalues");
        }
        double d = 0;
        for (int i = 0; i < sortedA.length; i++) {
            d = Math.max(d, Math.abs(sortedA[i] - sortedB[i]));
        }
        return d;
    }
}
