package io.eaadam.common.store;

import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.json.Json;
import io.eaadam.common.safetensors.SafeTensors;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's folder on any Hadoop file system: {@code <run>/gen-NNNN/} per generation with safetensors
 * files and {@code manifest.json}, written last and atomically. Files are checked against the manifest's
 * sha256 when read back, so a corrupted or missing file is named instead of silently loaded.
 */
public final class RunStore {

    public static final String MANIFEST = "manifest.json";
    public static final String CONFIG = "config.conf";
    private static final String ATTEMPT = ".attempt-";
    private static final Pattern GENERATION = Pattern.compile("gen-(\\d{4,})");

    private final String runDir;

    public RunStore(String runDir) {
        this.runDir = runDir.endsWith("/") ? runDir.substring(0, runDir.length() - 1) : runDir;
    }

    public String runDir() {
        return runDir;
    }

    public static String generationDir(int generation) {
        return String.format(Locale.ROOT, "gen-%04d", generation);
    }

    /** Writes a genome as safetensors at {@code relativePath} (atomically) and returns its reference. */
    public Manifest.FileRef writeGenome(String relativePath, Genome genome, Map<String, String> metadata)
            throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(genome.values().length * 4 + 4096);
        SafeTensors.write(genome, metadata, buffer);
        byte[] bytes = buffer.toByteArray();
        Storage.writeAtomically(path(relativePath), out -> out.write(bytes));
        return new Manifest.FileRef(relativePath, Storage.sha256(bytes));
    }

    /**
     * Writes trained weights as {@code <name>.safetensors} (with {@code metadata}) and their Adam moments as
     * {@code <name>-adam.safetensors}.
     */
    public StoredWeights writeTrained(String relativeName, TrainedWeights trained, Map<String, String> metadata)
            throws IOException {
        return new StoredWeights(writeGenome(relativeName + ".safetensors", trained.weights(), metadata),
                writeGenome(relativeName + "-adam.safetensors", trained.adam(),
                        Map.of("step", Long.toString(trained.adamSteps()))),
                trained.adamSteps());
    }

    /**
     * Makes {@code attempt} (files a task attempt wrote under attempt-unique names) the files
     * {@code <name>.safetensors} and {@code <name>-adam.safetensors}, replacing any earlier ones: only the
     * driver, which accepts one attempt of each task, commits, so a zombie or speculative attempt never
     * overwrites what a manifest names.
     */
    public StoredWeights commitTrained(StoredWeights attempt, String relativeName) throws IOException {
        return new StoredWeights(commit(attempt.weights(), relativeName + ".safetensors"),
                commit(attempt.adam(), relativeName + "-adam.safetensors"), attempt.adamSteps());
    }

    private Manifest.FileRef commit(Manifest.FileRef attempt, String relativePath) throws IOException {
        Storage.replace(path(attempt.path()), path(relativePath));
        return new Manifest.FileRef(relativePath, attempt.sha256());
    }

    /** Deletes what task attempts left in {@code folder} (files named by {@link #attemptName}) but did not commit. */
    public void deleteUncommitted(String folder) throws IOException {
        Path dir = path(folder);
        FileSystem fs = Storage.fs(dir);
        if (fs.isDirectory(dir)) {
            for (FileStatus file : fs.listStatus(dir)) {
                if (file.getPath().getName().contains(ATTEMPT)) {
                    fs.delete(file.getPath(), false);
                }
            }
        }
    }

    /** {@code name} made unique to a task attempt, for files the driver commits. */
    public static String attemptName(String name, long attempt) {
        return name + ATTEMPT + attempt;
    }

    /** Reads trained weights back, each file checked against its checksum. */
    public TrainedWeights readTrained(StoredWeights stored) throws IOException {
        return new TrainedWeights(readGenome(stored.weights()), stored.adam() == null ? null : readGenome(stored.adam()),
                stored.adamSteps());
    }

    /** Reads a genome back, checking its checksum and its layout. */
    public Genome readGenome(Manifest.FileRef file, TensorLayout layout) throws IOException {
        return SafeTensors.read(verifiedBytes(file), uri(file.path())).toGenome(layout);
    }

    /** Reads a genome back, checking its checksum; the layout is the file's own. */
    public Genome readGenome(Manifest.FileRef file) throws IOException {
        return SafeTensors.read(verifiedBytes(file), uri(file.path())).toGenome();
    }

    public void writeManifest(Manifest manifest) throws IOException {
        writeText(generationDir(manifest.generation()) + "/" + MANIFEST, Json.write(manifest));
    }

    /** A generation's manifest; one written before manifests were versioned has camelCase keys. */
    public Manifest readManifest(int generation) throws IOException {
        String relative = generationDir(generation) + "/" + MANIFEST;
        Optional<String> found = readText(relative);
        if (found.isEmpty()) {
            int newest = newestGeneration();
            throw new FileNotFoundException(runDir + ": no generation " + generation + " ("
                    + (newest < 0 ? "no complete generation yet" : "its complete generations are 0 to " + newest)
                    + "; " + relative + " is missing)");
        }
        String text = found.get();
        Manifest manifest = Json.read(text, Manifest.class, Manifest.FORMAT, uri(relative),
                Map.of(Json.UNVERSIONED, Json.CAMEL_CASE));
        if (manifest.slots() == null || manifest.generation() != generation) {
            throw new BadInputException(uri(relative) + ": not a manifest of generation " + generation);
        }
        return manifest;
    }

    /** The newest generation whose manifest exists, if any (older ones without manifest are incomplete). */
    public Optional<Manifest> latest() throws IOException {
        int newest = newestGeneration();
        return newest < 0 ? Optional.empty() : Optional.of(readManifest(newest));
    }

    /** The number of the newest generation whose manifest exists; -1 for none. */
    private int newestGeneration() throws IOException {
        Path run = Storage.path(runDir);
        FileSystem fs = Storage.fs(run);
        if (!fs.exists(run)) {
            return -1;
        }
        int newest = -1;
        for (FileStatus status : fs.listStatus(run)) {
            Matcher m = GENERATION.matcher(status.getPath().getName());
            if (status.isDirectory() && m.matches()
                    && fs.exists(new Path(status.getPath(), MANIFEST))) {
                newest = Math.max(newest, Integer.parseInt(m.group(1)));
            }
        }
        return newest;
    }

    /**
     * The run's fused models: {@code fused/<folder>} to the URI of its {@code model.json}, by folder name
     * (folders without a card, such as an unfinished fusion, are left out).
     */
    public Map<String, String> fusedModelCards() throws IOException {
        Map<String, String> cards = new java.util.TreeMap<>();
        Path fused = path("fused");
        FileSystem fs = Storage.fs(fused);
        if (!fs.isDirectory(fused)) {
            return cards;
        }
        for (FileStatus status : fs.listStatus(fused)) {
            Path card = new Path(status.getPath(), ModelCard.FILE_NAME);
            if (status.isDirectory() && fs.exists(card)) {
                cards.put("fused/" + status.getPath().getName(), card.toString());
            }
        }
        return cards;
    }

    /** Writes a text file of the run (metrics, config) atomically. */
    public void writeText(String relativePath, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(path(relativePath), out -> out.write(bytes));
    }

    public Optional<String> readText(String relativePath) throws IOException {
        try {
            return Optional.of(new String(Storage.readAll(path(relativePath)), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The configuration the run was started with, as stored in its {@code config.conf}. */
    public String configText() throws IOException {
        return readText(CONFIG).orElseThrow(() -> new FileNotFoundException(runDir + ": no " + CONFIG
                + "; expected the folder of a run made by ./eaadam train or demo"));
    }

    /** The URI of a file of the run; a path that would leave the run's folder (a {@code ..}) is refused. */
    public String uri(String relativePath) {
        return path(relativePath).toString();
    }

    private Path path(String relativePath) {
        return Storage.child(Storage.path(runDir), relativePath);
    }

    /** Checks {@code file} against its manifest checksum without keeping it: a driver's check before tasks read it. */
    public void verify(Manifest.FileRef file) throws IOException {
        verifiedBytes(file);
    }

    private byte[] verifiedBytes(Manifest.FileRef file) throws IOException {
        byte[] bytes;
        try {
            bytes = Storage.readAll(path(file.path()));
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(uri(file.path()) + ": missing; the manifest lists it with sha256 "
                    + file.sha256());
        }
        String actual = Storage.sha256(bytes);
        if (!actual.equals(file.sha256())) {
            throw new BadInputException(uri(file.path()) + ": corrupted (sha256 " + actual + ", the manifest says "
                    + file.sha256() + ")");
        }
        return bytes;
    }
}
