package org.xenemu.scenarios;

import org.xenemu.scenarios.cli.ScenarioCli;

/**
 * {@code java -jar xenemu.jar scenario …}: what the application's {@code main} hands the command
 * line to, before any Spring class is loaded (see {@link ScenarioCli} for the options and exit
 * statuses). Exits the JVM.
 */
public final class ScenarioCommand {
    private ScenarioCommand() {
    }

    public static void main(String[] args) {
        ScenarioCli.main(args);
    }
}
