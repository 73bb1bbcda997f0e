package io.dlsim.algorithms.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10 binary batches ({@code data_batch_1.bin} .. {@code data_batch_5.bin},
 * {@code test_batch.bin}) into one dense {@link Dataset} with 10 classes and 3072 features.
 * A gzip-compressed batch is recognised by its magic number and read the same way.
 *
 * <p>Format: a sequence of 3073-byte records, each one label byte (0..9) followed by the
 * 32 x 32 image as 1024 red, then 1024 green, then 1024 blue pixel bytes, each channel row-major.
 * The features keep that order, each byte {@code p} scaled to {@code p / 255.0} in [0, 1].
 * Batches are concatenated in the order given. Every error is a {@link DataFormatException}
 * naming the file and the record (counted from 1 within the file): a file whose length is not a
 * multiple of 3073 bytes (a truncated last record), a label above 9, an empty file.
 * (CIFAR-100, whose records carry two label bytes, is not this format.)
 */
public final class Cifar10Loader {
    /** Pixel bytes per image: 3 channels of 32 x 32. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;
    /** Bytes per record: a label byte and the image. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** The class names, in label order. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private Cifar10Loader() {
    }

    /** Reads and concatenates {@code batches}; the data set is named after the first one. */
    public static Dataset load(Path... batches) {
        return load(List.of(batches));
    }

    /** Reads and concatenates {@code batches}; the data set is named after the first one. */
    public static Dataset load(List<Path> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("cifar10: no batch files given");
        }
        byte[][] contents = new byte[batches.size()][];
        long records = 0;
        for (int b = 0; b < batches.size(); b++) {
            Path file = batches.get(b);
            try (InputStream in = DataFiles.open(file)) {
                contents[b] = in.readAllBytes();
            } catch (IOException e) {
                throw DataFiles.ioError(file, e);
            }
            int length = contents[b].length;
            if (length == 0) {
                throw DataFiles.in(file, "no records (empty file)");
            }
            if (length % RECORD_BYTES != 0) {
                int record = length / RECORD_BYTES + 1;
                throw DataFiles.in(file, "record " + record + ": truncated (" + (length % RECORD_BYTES) + " of "
                        + RECORD_BYTES + " bytes; a record is 1 label byte and " + IMAGE_BYTES + " pixel bytes)");
            }
            records += length / RECORD_BYTES;
        }
        if (records * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(batches.get(0) + ": " + records + " images do not fit in one data set");
        }
        int n = (int) records;
        double[] x = new double[n * IMAGE_BYTES];
        double[] y = new double[n];
        int i = 0;
        for (int b = 0; b < contents.length; b++) {
            byte[] c = contents[b];
            for (int r = 0; r < c.length / RECORD_BYTES; r++, i++) {
                int base = r * RECORD_BYTES;
                int label = c[base] & 0xff;
                if (label > 9) {
                    throw DataFiles.in(batches.get(b), "record " + (r + 1) + ": label " + label
                            + " is outside the classes 0..9 (is this CIFAR-100?)");
                }
                y[i] = label;
                int out = i * IMAGE_BYTES;
                for (int k = 0; k < IMAGE_BYTES; k++) {
                    x[out + k] = (c[base + 1 + k] & 0xff) / 255.0;
                }
            }
            contents[b] = null;
        }
        return Dataset.dense(batches.get(0).getFileName().toString(), x, IMAGE_BYTES, y, 10);
    }
}
