package io.dlsim.simulator.cli;

import io.dlsim.topologies.UserInputException;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.spectra.SpectralSummary;
import io.dlsim.topologies.spectra.Spectra;

/** Which solver computes the spectral quantities (see {@link Spectra}). */
public enum SpectraMethod {
    auto, dense, circulant, tridiagonal, iterative;

    SpectralSummary compute(MixingMatrix w) {
        return switch (this) {
            case auto -> Spectra.of(w);
            case dense -> Spectra.dense(w);
            case iterative -> Spectra.iterative(w);
            case circulant -> {
                SpectralSummary s = Spectra.circulant(w);
                if (s == null) {
                    throw new UserInputException("--spectra circulant: this mixing matrix is not circulant");
                }
                yield s;
            }
            case tridiagonal -> {
                SpectralSummary s = Spectra.tridiagonal(w);
                if (s == null) {
                    throw new UserInputException("--spectra tridiagonal: this mixing matrix is not symmetric and tridiagonal (a path)");
                }
                yield s;
            }
        };
    }
}
