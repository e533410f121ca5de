package io.eaadam.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** README.md's table of commands is each command's synopsis and header, as its --help prints them. */
class CommandTableTest {

    private static final String START = "<!-- commands: the synopsis and header of each command's --help, checked by "
            + "CommandTableTest -->";
    private static final String END = "<!-- /commands -->";

    /** The table the commands' help gives. */
    static String table() {
        StringBuilder table = new StringBuilder("| command | what it does |\n| --- | --- |\n");
        for (Map.Entry<String, CommandLine> command : Main.commandLine().getSubcommands().entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = command.getValue().getCommandSpec().usageMessage();
            if (usage.hidden() || command.getKey().equals("help")) {
                continue;
            }
            String synopsis = command.getValue().getHelp().synopsis(0).strip().replaceAll("\\s+", " ");
            table.append("| `").append(synopsis.replace("|", "\\|")).append("` | ")
                    .append(String.join(" ", usage.header())).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void theReadmeListsEveryCommandAsItsHelpDoes() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("eaadam.home", ".."), "README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md has no " + START + " ... " + END + " block");
        String actual = readme.substring(start + START.length(), end).strip() + "\n";
        assertEquals(table(), actual, "README.md's command table differs from the commands' help; put this there:\n"
                + table());
    }
}
