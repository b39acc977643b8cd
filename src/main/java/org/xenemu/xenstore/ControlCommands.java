package org.xenemu.xenstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.store.Node;
import org.xenemu.xenstore.store.XsPath;
import org.xenemu.xenstore.watch.WatchRegistry;

/**
 * CONTROL (formerly DEBUG), implementation specific; xenemu answers {@code help} and
 * {@code quota [domid]} with the lines, order and layout of C xenstored 4.17 (measured on the
 * real daemon with the same frames). Two C lines have no counterpart in xenemu and are shown
 * truthfully: the {@code memory} limit is 0 (xenemu has no per-domain memory quota; 0 means
 * disabled, as for the other quotas) and a domain's {@code outstanding} count is shown as 0 (the
 * store answers requests as they come; the socket layer, which enforces that quota on guest
 * sockets, keeps its count per connection). A domain's {@code memory} usage is an
 * estimate: its nodes' C record sizes (the node-size measure) plus its watches' path and token
 * bytes.
 */
final class ControlCommands {
    /** C's order and descriptions of {@code quota} (without argument). */
    private static final Map<String, String> QUOTA_TEXT = new LinkedHashMap<>();

    static {
        QUOTA_TEXT.put("nodes", "Nodes per domain");
        QUOTA_TEXT.put("watches", "Watches per domain");
        QUOTA_TEXT.put("transactions", "Transactions per domain");
        QUOTA_TEXT.put("outstanding", "Outstanding requests per domain");
        QUOTA_TEXT.put("transaction-nodes", "Max. number of accessed nodes per transaction");
        QUOTA_TEXT.put("memory", "Total Xenstore memory per domain (error level)");
        QUOTA_TEXT.put("node-size", "Max. size of a node");
        QUOTA_TEXT.put("path-max", "Max. length of a node path");
        QUOTA_TEXT.put("permissions", "Max. number of permissions per node");
    }

    private ControlCommands() {
    }

    static String run(XenstoreEngine engine, List<String> args) {
        if (args == null || args.isEmpty()) {
            throw XenException.invalid("CONTROL needs a command; try help");
        }
        return switch (args.get(0)) {
            case "help" -> {
                if (args.size() != 1) {
                    throw XenException.invalid("help takes no arguments");
                }
                yield "quota\t[<domid>]\nhelp\t\n";
            }
            case "quota" -> quota(engine, args);
            default -> throw XenException.invalid("unknown CONTROL command '" + args.get(0) + "'; try help");
        };
    }

    private static String quota(XenstoreEngine engine, List<String> args) {
        StringBuilder out = new StringBuilder();
        if (args.size() == 1) {
            out.append("Quota settings:\n");
            Map<String, Long> limits = engine.quotas().asMap();
            QUOTA_TEXT.forEach((name, text) -> out.append(String.format("%-17s: %8d %s\n",
                    name, limits.getOrDefault(name, 0L), text)));
            return out.toString();
        }
        if (args.size() != 2 || !args.get(1).matches("[0-9]{1,5}")) {
            throw XenException.invalid("usage: quota [<domid>]");
        }
        int domid = Integer.parseInt(args.get(1));
        if (!engine.introducedDomains().contains(domid)) {
            throw XenException.notFound("domain " + domid + " is not introduced"); // C: ENOENT
        }
        QuotaReport r = engine.quota(domid);
        out.append("Domain ").append(r.domid()).append(":\n");
        Map<String, Long> usage = new LinkedHashMap<>(r.usage());
        usage.put("outstanding", 0L);
        usage.put("memory", memoryBytes(engine, domid));
        for (String name : List.of("nodes", "watches", "transactions", "outstanding", "memory")) {
            out.append(String.format("%-16s: %8d\n", name, usage.getOrDefault(name, 0L)));
        }
        return out.toString();
    }

    /** The estimate of C's per-domain memory: the domain's node records (with names) and watch strings. */
    private static long memoryBytes(XenstoreEngine engine, int domid) {
        return engine.read(() -> {
            long bytes = 0;
            for (Map.Entry<String, Node> e : engine.tree().entries()) {
                if (!XsPath.ROOT.equals(e.getKey()) && e.getValue().perms().owner() == domid) {
                    bytes += e.getValue().recordBytes() + e.getKey().length() + 1;
                }
            }
            for (EngineConnection c : engine.connectionsOf(domid)) {
                for (WatchRegistry.Watch<EngineConnection> w : c.watches) {
                    bytes += w.path().length() + w.token().length() + 2;
                }
            }
            return bytes;
        });
    }
}
