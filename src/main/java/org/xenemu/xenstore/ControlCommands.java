package org.xenemu.xenstore;

import java.util.List;
import java.util.Map;
import org.xenemu.error.XenException;

/**
 * CONTROL (formerly DEBUG), implementation specific; xenemu answers {@code help} and
 * {@code quota [domid]} in the spirit of C xenstored's {@code xenstore-control} output.
 */
final class ControlCommands {
    private ControlCommands() {
    }

    static String run(XenstoreEngine engine, List<String> args) {
        if (args == null || args.isEmpty()) {
            throw XenException.invalid("CONTROL needs a command; try help");
        }
        return switch (args.get(0)) {
            case "help" -> "Available commands:\nhelp\nquota [<domid>]\n";
            case "quota" -> quota(engine, args);
            default -> throw XenException.invalid("unknown CONTROL command '" + args.get(0) + "'; try help");
        };
    }

    private static String quota(XenstoreEngine engine, List<String> args) {
        StringBuilder out = new StringBuilder();
        if (args.size() == 1) {
            for (Map.Entry<String, Long> e : engine.quotas().asMap().entrySet()) {
                out.append(String.format("%-18s %d%n", e.getKey() + ":", e.getValue()));
            }
            return out.toString();
        }
        if (args.size() != 2 || !args.get(1).matches("[0-9]{1,5}")) {
            throw XenException.invalid("usage: quota [<domid>]");
        }
        QuotaReport r = engine.quota(Integer.parseInt(args.get(1)));
        out.append("Domain ").append(r.domid()).append(":\n");
        for (Map.Entry<String, Long> e : r.usage().entrySet()) {
            out.append(String.format("%-18s %d / %d%n", e.getKey() + ":", e.getValue(), r.limits().get(e.getKey())));
        }
        return out.toString();
    }
}
