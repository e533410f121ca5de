package io.eaadam.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.EaMode;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

class JsonTest {

    private static final String FORMAT = "eaadam-test/2";

    record Sample(String format, int phaseIndex, EaMode eaMode, Double missing, double notANumber) {}

    @Test
    void recordsAreWrittenWithSnakeCaseKeysEnumNamesAndNoNulls() throws IOException {
        Sample sample = new Sample(FORMAT, 3, EaMode.STEADY_STATE, null, Double.NaN);
        String line = Json.line(sample);
        assertEquals("{\"format\":\"eaadam-test/2\",\"phase_index\":3,\"ea_mode\":\"steady-state\",\"not_a_number\":NaN}",
                line);
        assertTrue(Json.write(sample).contains("\n  \"phase_index\": 3,"), "indented");
        Sample back = Json.read(line, Sample.class, FORMAT, "sample", Json.NO_OLDER_FORMATS);
        assertEquals(EaMode.STEADY_STATE, back.eaMode());
        assertTrue(Double.isNaN(back.notANumber()));
        assertEquals(List.of("format", "phase_index", "ea_mode", "missing", "not_a_number"), Json.keys(Sample.class));
    }

    @Test
    void olderFormatsAreReadWithTheirOwnKeysAndOthersAreRefused() throws IOException {
        String unversioned = "{\"phaseIndex\": 4, \"eaMode\": \"batch\"}";
        Sample old = Json.read(unversioned, Sample.class, FORMAT, "old.json", Map.of(Json.UNVERSIONED, Json.CAMEL_CASE));
        assertEquals(4, old.phaseIndex());
        assertEquals(EaMode.BATCH, old.eaMode());
        assertEquals(Json.UNVERSIONED, Json.formatOf(unversioned));

        IOException missing = assertThrows(IOException.class,
                () -> Json.read(unversioned, Sample.class, FORMAT, "old.json", Json.NO_OLDER_FORMATS));
        assertEquals("old.json: format missing; expected \"format\": \"eaadam-test/2\"", missing.getMessage());
        IOException newer = assertThrows(IOException.class, () -> Json.read("{\"format\": \"eaadam-test/3\"}",
                Sample.class, FORMAT, "new.json", Map.of(Json.UNVERSIONED, Json.CAMEL_CASE)));
        assertTrue(newer.getMessage().startsWith("new.json: format 'eaadam-test/3'"), newer.getMessage());
        IOException badEnum = assertThrows(IOException.class, () -> Json.read(
                "{\"format\": \"eaadam-test/2\", \"ea_mode\": \"sideways\"}", Sample.class, FORMAT, "e.json",
                Json.NO_OLDER_FORMATS));
        assertTrue(badEnum.getMessage().contains("expected one of steady-state, batch"), badEnum.getMessage());
        IOException notJson = assertThrows(IOException.class,
                () -> Json.read("[1, 2", Sample.class, FORMAT, "t.json", Json.NO_OLDER_FORMATS));
        assertTrue(notJson.getMessage().startsWith("t.json: not JSON"), notJson.getMessage());
    }
}
