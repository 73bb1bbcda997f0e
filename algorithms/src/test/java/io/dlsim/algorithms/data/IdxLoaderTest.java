package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {
    @TempDir
    Path dir;

    /** An IDX file: magic, sizes, then the bytes. */
    private static byte[] idx(int magic, int[] sizes, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int s : sizes) {
            out.writeInt(s);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private Path gzip(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(content);
        }
        return f;
    }

    /** Three 2 x 3 images with pixels 0, 51, 255, ... and labels 7, 0, 9. */
    private static final byte[] PIXELS = {
        0, 51, (byte) 255, 1, 2, 3,
        10, 20, 30, 40, 50, 60,
        (byte) 200, 0, 0, 0, 0, (byte) 128,
    };
    private static final byte[] LABELS = {7, 0, 9};

    private static double[] row(Dataset d, int i) {
        double[] out = new double[d.dimension()];
        d.copyRow(i, out, 0);
        return out;
    }

    @Test
    void readsImagesAndLabelsScaledToTheUnitInterval() throws IOException {
        Path images = file("imgs-idx3-ubyte", idx(0x803, new int[] {3, 2, 3}, PIXELS));
        Path labels = file("lbls-idx1-ubyte", idx(0x801, new int[] {3}, LABELS));
        Dataset d = IdxLoader.load(images, labels);
        assertThat(d.name()).isEqualTo("imgs-idx3-ubyte");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.dimension()).isEqualTo(6);
        assertThat(d.numClasses()).isEqualTo(10);
        assertThat(row(d, 0)).containsExactly(0, 0.2, 1, 1 / 255.0, 2 / 255.0, 3 / 255.0);
        assertThat(row(d, 2)[5]).isEqualTo(128 / 255.0);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(7, 0, 9);
    }

    @Test
    void readsGzippedFiles() throws IOException {
        Path images = gzip("imgs.gz", idx(0x803, new int[] {3, 2, 3}, PIXELS));
        Path labels = gzip("lbls.gz", idx(0x801, new int[] {3}, LABELS));
        Dataset d = IdxLoader.load(images, labels);
        assertThat(d.size()).isEqualTo(3);
        assertThat(row(d, 1)).containsExactly(10 / 255.0, 20 / 255.0, 30 / 255.0, 40 / 255.0, 50 / 255.0, 60 / 255.0);
    }

    @Test
    void refusesBadMagicNumbers() throws IOException {
        Path labels = file("l", idx(0x801, new int[] {3}, LABELS));
        Path images = file("i", idx(0x803, new int[] {3, 2, 3}, PIXELS));
        Path garbage = file("g", "P5 28 28 255 xxxxxxxx".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(garbage, labels)))
                .hasMessage(garbage + ": header: bad magic number 0x50352032, expected 0x00000803 (unsigned-byte images)");
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(labels, images)))
                .hasMessage(labels + ": header: bad magic number 0x00000801, expected 0x00000803 (unsigned-byte images)"
                        + "; this looks like a labels file");
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(images, images)))
                .hasMessage(images + ": header: bad magic number 0x00000803, expected 0x00000801 (unsigned-byte labels)"
                        + "; this looks like an images file");
        Path floats = file("f", idx(0x0d03, new int[] {3, 2, 3}, new byte[72]));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(floats, labels)))
                .hasMessage(floats + ": header: bad magic number 0x00000d03, expected 0x00000803 (unsigned-byte images)"
                        + "; element type 0x0d is not supported, only unsigned bytes (0x08)");
    }

    @Test
    void reportsTruncatedFilesWithTheRecord() throws IOException {
        Path labels = file("l", idx(0x801, new int[] {3}, LABELS));
        Path images = file("i", idx(0x803, new int[] {3, 2, 3}, Arrays.copyOf(PIXELS, 8)));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(images, labels)))
                .hasMessage(images + ": record 2: truncated (the file ends after 8 of 18 pixel bytes for 3 images)");
        Path gzImages = gzip("i.gz", idx(0x803, new int[] {3, 2, 3}, Arrays.copyOf(PIXELS, 13)));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(gzImages, labels)))
                .hasMessage(gzImages + ": record 3: truncated (the file ends after 13 of 18 pixel bytes for 3 images)");
        Path fine = file("ok", idx(0x803, new int[] {3, 2, 3}, PIXELS));
        Path shortLabels = file("sl", idx(0x801, new int[] {3}, Arrays.copyOf(LABELS, 2)));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(fine, shortLabels)))
                .hasMessage(shortLabels + ": record 3: truncated (the file ends after 2 of 3 labels)");
        Path shortHeader = file("sh", Arrays.copyOf(idx(0x803, new int[] {3, 2, 3}, PIXELS), 9));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(shortHeader, labels)))
                .hasMessage(shortHeader + ": header: truncated (9 bytes; the magic number promises 3 sizes)");
        Path tiny = file("t", new byte[] {0, 0});
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(tiny, labels)))
                .hasMessage(tiny + ": header: truncated (2 bytes; an IDX file starts with a 4-byte magic number)");
    }

    @Test
    void reportsDamagedGzipData() throws IOException {
        Path labels = file("l", idx(0x801, new int[] {3}, LABELS));
        byte[] big = new byte[5000];
        new java.util.SplittableRandom(1).nextBytes(big);
        Path whole = gzip("w.gz", idx(0x803, new int[] {1000, 5, 1}, big));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = file("cut.gz", Arrays.copyOf(bytes, bytes.length - 100));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(cut, labels)).getMessage())
                .startsWith(cut + ": damaged or truncated gzip data");
    }

    @Test
    void reportsCountMismatchesExtraBytesAndLabelsOutOfRange() throws IOException {
        Path images = file("i", idx(0x803, new int[] {3, 2, 3}, PIXELS));
        Path twoLabels = file("l2", idx(0x801, new int[] {2}, Arrays.copyOf(LABELS, 2)));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(images, twoLabels)))
                .hasMessage(twoLabels + ": header: 2 labels, but i has 3 images");
        Path longer = file("x", idx(0x803, new int[] {3, 2, 3}, Arrays.copyOf(PIXELS, 19)));
        Path labels = file("l", idx(0x801, new int[] {3}, LABELS));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(longer, labels)))
                .hasMessage(longer + ": extra bytes after record 3, the last image the header declares");
        Path bad = file("lb", idx(0x801, new int[] {3}, new byte[] {1, 12, 3}));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(images, bad)))
                .hasMessage(bad + ": record 2: label 12 is outside the classes 0..9");
        assertThat(IdxLoader.load(images, bad, 13).numClasses()).isEqualTo(13);
        Path empty = file("e", idx(0x803, new int[] {0, 2, 3}, new byte[0]));
        assertThat(assertThrows(DataFormatException.class, () -> IdxLoader.load(empty, labels)))
                .hasMessage(empty + ": header: no records");
    }
}
