package org.xenemu.xenstore;

import java.util.List;
import java.util.Map;
import org.xenemu.error.XenException;

/**
 * CONTROL (formerly DEBUG), implementation specific; xenemu answers {@code help} and
 * {@code quota [domid]} with the layout of C xenstored 4.17's {@code xenstore-control} output.
 */
final class ControlCommands {
    private static final Map<String, String> QUOTA_TEXT = Map.of(
            "nodes", "Nodes per domain",
            "watches", "Watches per domain",
            "transactions", "Transactions per domain",
            "outstanding", "Outstanding requests per domain",
            "transaction-nodes", "Max. number of accessed nodes per transaction",
            "node-size", "Max. size of a node",
            "path-max", "Max. length of a node path",
            "permissions", "Max. number of permissions per node");

    private ControlCommands() {
    }

    static String run(XenstoreEngine engine, List<String> args) {
        if (args == null || args.isEmpty()) {
            throw XenException.invalid("CONTROL needs a command; try help");
        }
        return switch (args.get(0)) {
            case "help" -> "help\t\nquota\t[<domid>]\n";
            case "quota" -> quota(engine, args);
            default -> throw XenException.invalid("unknown CONTROL command '" + args.get(0) + "'; try help");
        };
    }

    private static String quota(XenstoreEngine engine, List<String> args) {
        StringBuilder out = new StringBuilder();
        if (args.size() == 1) {
            out.append("Quota settings:\n");
            for (Map.Entry<String, Long> e : engine.quotas().asMap().entrySet()) {
                out.append(String.format("%-17s: %8d %s%n", e.getKey(), e.getValue(), QUOTA_TEXT.get(e.getKey())));
            }
            return out.toString();
        }
        if (args.size() != 2 || !args.get(1).matches("[0-9]{1,5}")) {
            throw XenException.invalid("usage: quota [<domid>]");
        }
        QuotaReport r = engine.quota(Integer.parseInt(args.get(1)));
        out.append("Domain ").append(r.domid()).append(":\n");
        for (Map.Entry<String, Long> e : r.usage().entrySet()) {
            out.append(String.format("%-16s: %8d%n", e.getKey(), e.getValue()));
        }
        return out.toString();
    }
}
