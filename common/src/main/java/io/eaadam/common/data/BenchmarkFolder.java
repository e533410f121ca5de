package io.eaadam.common.data;

import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.Storage;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark folder laid out as BasicSR's Set5/Set14/B100/Urban100/Manga109: HR images in {@code HR/}
 * or {@code GTmod12/} (or the folder itself), LR images, if any, in {@code LR_bicubic/X4/} or
 * {@code LRbicx4/} (or {@code LR/}); without LR they are made from the HR with MATLAB bicubic.
 *
 * @param lr the LR folder, or "" to make the LR images from the HR
 */
public record BenchmarkFolder(String name, String hr, String lr) implements Serializable {

    private static final List<String> HR_FOLDERS = List.of("HR", "GTmod12", "GT", "hr");

    public static BenchmarkFolder locate(String dir, int scale) throws IOException {
        Path root = Storage.path(dir);
        FileSystem fs = Storage.fs(root);
        if (!fs.isDirectory(root)) {
            throw new BadInputException(dir + ": no such folder; expected a benchmark folder (HR/ or GTmod12/, "
                    + "optional LR_bicubic/X" + scale + "/ or LRbicx" + scale + "/) or a folder of HR images");
        }
        String name = root.getName();
        for (String hr : HR_FOLDERS) {
            if (fs.isDirectory(new Path(root, hr))) {
                for (String lr : List.of("LR_bicubic/X" + scale, "LRbicx" + scale, "LR_bicubic/x" + scale, "LR", "lr")) {
                    if (fs.isDirectory(new Path(root, lr))) {
                        return new BenchmarkFolder(name, new Path(root, hr).toString(), new Path(root, lr).toString());
                    }
                }
                return new BenchmarkFolder(name, new Path(root, hr).toString(), "");
            }
        }
        if (Storage.listImages(dir, false).isEmpty()) {
            List<String> tried = new ArrayList<>(HR_FOLDERS);
            throw new BadInputException(dir + ": no images and none of the HR folders " + tried
                    + "; expected a benchmark folder laid out like Set5");
        }
        return new BenchmarkFolder(name, root.toString(), "");
    }
}
