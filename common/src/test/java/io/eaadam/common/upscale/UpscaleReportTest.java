package io.eaadam.common.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.Storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The report's JSON reads back to its records; its CSV quotes reasons with commas and quotes. */
class UpscaleReportTest {

    @TempDir
    Path dir;

    @Test
    void jsonAndCsvHoldEveryRecord() throws IOException {
        UpscaleRecord ok = new UpscaleRecord("in/b.png", "out/b.png", UpscaleRecord.OK, 100, 8, 6, 900, 32, 24, 0.5, "");
        UpscaleRecord bad = UpscaleRecord.failed("in/a.png", "out/a.png", 7, 0.01, "in/a.png: \"odd\", truncated");
        UpscaleJob job = UpscaleJob.of("ab".repeat(32), new EaAdamConfig.Model(Arch.SRRESNET, 4, 8, 1, 32),
                ConfigLoader.defaults().upscale());
        new UpscaleReport(job, List.of(ok, bad)).write(Storage.path(dir.toString()));
        assertTrue(Files.readString(dir.resolve(UpscaleReport.JSON)).contains("\"model_sha256\": \"" + "ab".repeat(32)));
        assertEquals(List.of(bad, ok), UpscaleReport.read(Storage.path(dir.toString())));
        List<String> csv = Files.readAllLines(dir.resolve(UpscaleReport.CSV));
        assertEquals(3, csv.size());
        assertEquals("in/a.png,out/a.png,failed,7,0,0,0,0,0,0.010,\"in/a.png: \"\"odd\"\", truncated\"", csv.get(1));
        assertEquals("in/b.png,out/b.png,ok,100,8,6,900,32,24,0.500,", csv.get(2));
    }
}
