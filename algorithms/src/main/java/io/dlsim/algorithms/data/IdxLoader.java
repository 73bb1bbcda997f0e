package io.dlsim.algorithms.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a pair of IDX files, an images file and a labels file (the format of MNIST and
 * Fashion-MNIST, e.g. {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte}),
 * into a dense {@link Dataset}. Either file may be gzip-compressed (recognised by its magic
 * number, not its name).
 *
 * <p>Format (big-endian): a magic number {@code 00 00 08 d}, where {@code 08} means unsigned
 * bytes and {@code d} is the number of dimensions; then {@code d} 32-bit sizes; then the data.
 * The images file must have magic {@code 0x00000803} or more generally {@code d >= 2} (item count
 * followed by the image shape, e.g. 28 x 28); the labels file must have magic {@code 0x00000801}
 * and as many items as the images file. Nothing may follow the data.
 *
 * <p>An image of shape {@code r x c} becomes {@code r * c} features in row-major order, each pixel
 * byte {@code p} scaled to {@code p / 255.0} in [0, 1]. Labels are class indices below
 * {@code numClasses} (10 unless given). Every error is a {@link DataFormatException} naming the
 * file and, past the header, the record (counted from 1).
 */
public final class IdxLoader {
    /** Magic number of an unsigned-byte IDX file with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte IDX file with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxLoader() {
    }

    /** Reads 10-class images and labels; the data set is named after the images file. */
    public static Dataset load(Path images, Path labels) {
        return load(images, labels, 10);
    }

    /** Reads images and labels whose labels are class indices {@code 0..numClasses-1}. */
    public static Dataset load(Path images, Path labels, int numClasses) {
        if (numClasses < 2 || numClasses > 256) {
            throw new IllegalArgumentException("idx.classes: must be in 2..256, got " + numClasses);
        }
        byte[] pixels;
        int count;
        int dimension;
        try (InputStream in = DataFiles.open(images)) {
            int[] dims = header(in, images, true);
            count = dims[0];
            long dim = 1;
            for (int k = 1; k < dims.length; k++) {
                dim *= dims[k];
            }
            if (dim < 1 || dim * count > Integer.MAX_VALUE - 8) {
                throw DataFiles.in(images, "header: " + count + " images of " + dim
                        + " pixels do not fit in one data set");
            }
            dimension = (int) dim;
            pixels = in.readNBytes(count * dimension);
            if (pixels.length < count * dimension) {
                int record = pixels.length / dimension + 1;
                throw DataFiles.in(images, "record " + record + ": truncated (the file ends after "
                        + pixels.length + " of " + (long) count * dimension + " pixel bytes for " + count + " images)");
            }
            if (in.read() >= 0) {
                throw DataFiles.in(images, "extra bytes after record " + count + ", the last image the header declares");
            }
        } catch (IOException e) {
            throw DataFiles.ioError(images, e);
        }
        byte[] labelBytes;
        try (InputStream in = DataFiles.open(labels)) {
            int[] dims = header(in, labels, false);
            if (dims[0] != count) {
                throw DataFiles.in(labels, "header: " + dims[0] + " labels, but " + images.getFileName() + " has "
                        + count + " images");
            }
            labelBytes = in.readNBytes(count);
            if (labelBytes.length < count) {
                throw DataFiles.in(labels, "record " + (labelBytes.length + 1) + ": truncated (the file ends after "
                        + labelBytes.length + " of " + count + " labels)");
            }
            if (in.read() >= 0) {
                throw DataFiles.in(labels, "extra bytes after record " + count + ", the last label the header declares");
            }
        } catch (IOException e) {
            throw DataFiles.ioError(labels, e);
        }
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            int label = labelBytes[i] & 0xff;
            if (label >= numClasses) {
                throw DataFiles.in(labels, "record " + (i + 1) + ": label " + label + " is outside the classes 0.."
                        + (numClasses - 1));
            }
            y[i] = label;
        }
        double[] x = new double[pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            x[k] = (pixels[k] & 0xff) / 255.0;
        }
        return Dataset.dense(images.getFileName().toString(), x, dimension, y, numClasses);
    }

    /** Reads and checks the magic number and the sizes; returns the sizes. */
    private static int[] header(InputStream in, Path file, boolean images) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw DataFiles.in(file, "header: truncated (" + magic.length + " bytes; an IDX file starts with a"
                    + " 4-byte magic number)");
        }
        int m = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
        int ndims = magic[3] & 0xff;
        boolean ok = magic[0] == 0 && magic[1] == 0 && magic[2] == 0x08 && (images ? ndims >= 2 : ndims == 1);
        if (!ok) {
            String expected = images ? String.format("0x%08x (unsigned-byte images)", IMAGES_MAGIC)
                    : String.format("0x%08x (unsigned-byte labels)", LABELS_MAGIC);
            String hint = "";
            if (magic[0] == 0 && magic[1] == 0 && magic[2] == 0x08) {
                hint = images ? "; this looks like a labels file" : "; this looks like an images file";
            } else if (magic[0] == 0 && magic[1] == 0) {
                hint = String.format("; element type 0x%02x is not supported, only unsigned bytes (0x08)", magic[2]);
            }
            throw DataFiles.in(file, String.format("header: bad magic number 0x%08x, expected %s%s", m, expected, hint));
        }
        byte[] sizes = in.readNBytes(4 * ndims);
        if (sizes.length < 4 * ndims) {
            throw DataFiles.in(file, "header: truncated (" + (4 + sizes.length) + " bytes; the magic number promises "
                    + ndims + " sizes)");
        }
        int[] dims = new int[ndims];
        for (int k = 0; k < ndims; k++) {
            int b = 4 * k;
            dims[k] = ((sizes[b] & 0xff) << 24) | ((sizes[b + 1] & 0xff) << 16) | ((sizes[b + 2] & 0xff) << 8)
                    | (sizes[b + 3] & 0xff);
            if (dims[k] < 0 || (k > 0 && dims[k] == 0)) {
                throw DataFiles.in(file, "header: size " + (k + 1) + " is " + dims[k]);
            }
        }
        if (dims[0] == 0) {
            throw DataFiles.in(file, "header: no records");
        }
        return dims;
    }
}
