package org.xenemu.scenarios.cli.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line, parsed: {@code [scenario] FILE --out DIR [--sweep-parallelism N] [--quiet]},
 * or {@code [scenario] FILE --check}, or {@code --help}. Options may come in any order, as
 * {@code --opt value} or {@code --opt=value}; {@code -} as FILE reads the document from standard
 * input. A problem is an {@link IllegalArgumentException} whose message is the one line to print.
 */
public record CliArguments(boolean help, Optional<String> file, Optional<Path> out, OptionalInt parallelism,
                           boolean quiet, boolean check) {

    public static final String USAGE = "usage: java -jar xenemu.jar scenario FILE --out DIR [--sweep-parallelism N] [--quiet]"
            + " | scenario FILE --check | scenario --help";

    /**
     * Whether the command line asks for a run (not {@code --help}, not {@code --check}, not a usage
     * error): only a run is handed to a batch JVM, and only a run is worth loading the engines'
     * classes for on a second thread.
     */
    public static boolean asksForRun(String... argv) {
        try {
            CliArguments args = parse(List.of(argv));
            return !args.help() && !args.check();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static CliArguments parse(List<String> args) {
        List<String> rest = !args.isEmpty() && args.get(0).equals("scenario") ? args.subList(1, args.size()) : args;
        String file = null;
        Path out = null;
        Integer parallelism = null;
        boolean quiet = false;
        boolean check = false;
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            String name = arg;
            String inline = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                inline = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "-h", "--help" -> {
                    return new CliArguments(true, Optional.empty(), Optional.empty(), OptionalInt.empty(), false, false);
                }
                case "--quiet", "-q" -> quiet = true;
                case "--check" -> check = true;
                case "--out", "-o" -> {
                    String value = inline != null ? inline : value(rest, ++i, name);
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--out needs a directory");
                    }
                    out = Path.of(value);
                }
                case "--sweep-parallelism" -> {
                    String value = inline != null ? inline : value(rest, ++i, name);
                    try {
                        parallelism = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        parallelism = 0;
                    }
                    if (parallelism < 1 || parallelism > 1024) {
                        throw new IllegalArgumentException("--sweep-parallelism takes a whole number from 1 to 1024, not "
                                + value);
                    }
                }
                default -> {
                    if (arg.startsWith("-") && !arg.equals("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    if (file != null) {
                        throw new IllegalArgumentException("one scenario FILE at a time (got " + file + " and " + arg + ")");
                    }
                    file = arg;
                }
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("no scenario FILE given");
        }
        if (out == null && !check) {
            throw new IllegalArgumentException("no --out DIR given (or --check to validate only)");
        }
        return new CliArguments(false, Optional.of(file), Optional.ofNullable(out),
                parallelism == null ? OptionalInt.empty() : OptionalInt.of(parallelism), quiet, check);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
