package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10LoaderTest {
    @TempDir
    Path dir;

    /** Records whose label is labels[r] and whose pixel k is (r + k) mod 256. */
    private static byte[] records(int... labels) {
        byte[] out = new byte[labels.length * Cifar10Loader.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            int base = r * Cifar10Loader.RECORD_BYTES;
            out[base] = (byte) labels[r];
            for (int k = 0; k < Cifar10Loader.IMAGE_BYTES; k++) {
                out[base + 1 + k] = (byte) (r + k);
            }
        }
        return out;
    }

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    @Test
    void readsRecordsInFileOrderScaledToTheUnitInterval() throws IOException {
        Path batch = file("data_batch_1.bin", records(3, 9, 0));
        Dataset d = Cifar10Loader.load(batch);
        assertThat(d.name()).isEqualTo("data_batch_1.bin");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.dimension()).isEqualTo(3072);
        assertThat(d.numClasses()).isEqualTo(10);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(3, 9, 0);
        double[] x = new double[3072];
        d.copyRow(2, x, 0);
        assertThat(x[0]).isEqualTo(2 / 255.0);
        assertThat(x[253]).isEqualTo(1.0);
        assertThat(x[1024]).isEqualTo(((2 + 1024) % 256) / 255.0);
    }

    @Test
    void concatenatesBatchesAndReadsGzip() throws IOException {
        Path a = file("a.bin", records(1, 2));
        Path b = dir.resolve("b.bin.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(b))) {
            out.write(records(5));
        }
        Dataset d = Cifar10Loader.load(a, b);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.classCounts()).containsExactly(0, 1, 1, 0, 0, 1, 0, 0, 0, 0);
    }

    @Test
    void reportsTruncatedRecordsBadLabelsAndEmptyFiles() throws IOException {
        byte[] two = records(1, 2);
        Path cut = file("cut.bin", Arrays.copyOf(two, two.length - 73));
        assertThat(assertThrows(DataFormatException.class, () -> Cifar10Loader.load(cut)))
                .hasMessage(cut + ": record 2: truncated (3000 of 3073 bytes; a record is 1 label byte and 3072 pixel bytes)");
        Path bad = file("bad.bin", records(4, 4, 57));
        assertThat(assertThrows(DataFormatException.class, () -> Cifar10Loader.load(bad)))
                .hasMessage(bad + ": record 3: label 57 is outside the classes 0..9 (is this CIFAR-100?)");
        Path empty = file("empty.bin", new byte[0]);
        assertThat(assertThrows(DataFormatException.class, () -> Cifar10Loader.load(empty)))
                .hasMessage(empty + ": no records (empty file)");
        Path missing = dir.resolve("nope.bin");
        assertThat(assertThrows(DataFormatException.class, () -> Cifar10Loader.load(missing)))
                .hasMessage(missing + ": no such file");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Cifar10Loader.load()))
                .hasMessage("cifar10: no batch files given");
    }
}
