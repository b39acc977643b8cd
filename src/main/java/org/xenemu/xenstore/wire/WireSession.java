package org.xenemu.xenstore.wire;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.XsConnection;

/**
 * Turns one request frame into its reply on one {@link XsConnection} (XENSTORE.md "Wire protocol",
 * xenstore.txt "Operations"). Argument checks follow what C xenstored 4.17 answers to malformed
 * payloads (measured against tools/real-xenstored), except for a single path argument with a
 * missing or extra NUL: C answers whatever errno a previous request left behind (EINVAL on a fresh
 * daemon, ENOENT after a failed READ, ENOMEM for MKDIR/RM after one, even across connections), so
 * xenemu answers EINVAL as XENSTORE.md says, for READ, DIRECTORY, GET_PERMS, MKDIR and RM alike.
 * Which operation is privileged-only and which looks the header's transaction up, and in which
 * order those checks come, is C's dispatch table, kept in {@link WireOps}. Not thread-safe:
 * one connection's requests are handled one after the other, which gives pipelining its order.
 */
public final class WireSession {
    private static final Logger log = LoggerFactory.getLogger(WireSession.class);
    private static final int MAX_ARGS = Frame.PAYLOAD_MAX;

    private final XsConnection conn;
    /**
     * Transactions started here and not ended: C looks the header's tx_id up before parsing any
     * argument (after the privilege check; not at all for WATCH and UNWATCH), see {@link WireOps}.
     */
    private final Set<Long> openTransactions = new HashSet<>();

    public WireSession(XsConnection conn) {
        this.conn = conn;
    }

    public XsConnection connection() {
        return conn;
    }

    /** The reply to {@code req}: same type, req_id and tx_id, or ERROR with an xs_wire.h name. */
    public Frame handle(Frame req) {
        try {
            Frame reply = dispatch(req);
            return reply.payload().length > Frame.PAYLOAD_MAX ? req.error(Errno.E2BIG.name()) : reply;
        } catch (XenException e) {
            return req.error(e.errno().wireName());
        } catch (RuntimeException e) {
            log.warn("xenstore failed on {} from domain {}", req, conn.domid(), e);
            return req.error(Errno.EIO.name());
        }
    }

    private Frame dispatch(Frame req) {
        int type = req.type();
        if (!WireOps.isRequest(type)) {
            throw XenException.of(Errno.ENOSYS, "unknown message type " + XsType.name(type));
        }
        if (WireOps.privilegedOnly(type) && !conn.privileged()) {
            throw XenException.accessDenied(XsType.name(type) + " needs a privileged connection");
        }
        long tx = WireOps.looksUpTransaction(type) ? req.txIdUnsigned() : 0;
        if (tx != 0 && !openTransactions.contains(tx)) {
            throw XenException.notFound("no transaction " + tx + " on this connection");
        }
        byte[] p = req.payload();
        return switch (type) {
            case XsType.READ -> req.reply(conn.read(tx, pathArg(p)));
            case XsType.DIRECTORY -> req.reply(WireArgs.joined(conn.directory(tx, pathArg(p))));
            case XsType.GET_PERMS -> req.reply(WireArgs.joined(conn.getPerms(tx, pathArg(p))));
            case XsType.MKDIR -> {
                conn.mkdir(tx, pathArg(p));
                yield req.ok();
            }
            case XsType.RM -> {
                conn.rm(tx, pathArg(p));
                yield req.ok();
            }
            case XsType.WRITE -> write(req, tx);
            case XsType.SET_PERMS -> setPerms(req, tx);
            case XsType.WATCH, XsType.UNWATCH -> watch(req);
            case XsType.TRANSACTION_START -> {
                long id = conn.transactionStart(tx);
                openTransactions.add(id);
                yield req.reply(Frame.nulTerminated(Long.toUnsignedString(id & 0xFFFF_FFFFL)));
            }
            case XsType.TRANSACTION_END -> transactionEnd(req, tx);
            case XsType.INTRODUCE -> introduce(req);
            case XsType.RELEASE, XsType.RESUME -> releaseOrResume(req);
            case XsType.SET_TARGET -> {
                List<String> args = WireArgs.strings(p, 2);
                if (args.size() < 2) {
                    throw XenException.invalid("SET_TARGET needs domid and target");
                }
                conn.setTarget(WireArgs.atoi(args.get(0)), WireArgs.atoi(args.get(1)));
                yield req.ok();
            }
            case XsType.IS_DOMAIN_INTRODUCED -> req.reply(Frame.nulTerminated(
                conn.isDomainIntroduced(domidArg(p)) ? "T" : "F"));
            case XsType.GET_DOMAIN_PATH -> {
                int domid = domidArg(p);
                // atoi("-3") is domain 4294967293 to C; the store only knows real domids
                String path = domid >= 0 ? conn.getDomainPath(domid) : "/local/domain/" + Integer.toUnsignedString(domid);
                yield req.reply(Frame.nulTerminated(path));
            }
            case XsType.RESET_WATCHES -> {
                conn.resetWatches();
                openTransactions.clear();
                yield req.ok();
            }
            case XsType.DIRECTORY_PART -> directoryPart(req, tx);
            case XsType.CONTROL -> {
                List<String> args = WireArgs.strings(p, MAX_ARGS);
                if (args.isEmpty() || args.get(0).isEmpty()) {
                    throw XenException.invalid("CONTROL needs a command");
                }
                yield req.reply(Frame.nulTerminated(conn.control(args)));
            }
            default -> throw XenException.of(Errno.ENOSYS, "unknown message type " + XsType.name(type));
        };
    }

    /** A single path argument; a missing or extra NUL is EINVAL (XENSTORE.md "Wire protocol"). */
    private static String pathArg(byte[] payload) {
        Optional<String> path = WireArgs.oneArg(payload);
        return path.orElseThrow(() -> XenException.invalid("the path must end in exactly one NUL"));
    }

    private static int domidArg(byte[] payload) {
        String arg = WireArgs.oneArg(payload)
            .orElseThrow(() -> XenException.invalid("the domid must end in exactly one NUL"));
        return WireArgs.atoi(arg);
    }

    private Frame write(Frame req, long tx) {
        byte[] p = req.payload();
        int nul = WireArgs.indexOfNul(p, 0);
        if (nul < 0) {
            throw XenException.invalid("WRITE needs path NUL value");
        }
        byte[] value = new byte[p.length - nul - 1];
        System.arraycopy(p, nul + 1, value, 0, value.length);
        conn.write(tx, WireArgs.string(p, 0, nul), value);
        return req.ok();
    }

    private Frame setPerms(Frame req, long tx) {
        List<String> args = WireArgs.strings(req.payload(), MAX_ARGS);
        if (args.size() < 2) {
            throw XenException.invalid("SET_PERMS needs a path and at least one permission");
        }
        conn.setPerms(tx, args.get(0), List.copyOf(args.subList(1, args.size())));
        return req.ok();
    }

    private Frame watch(Frame req) {
        byte[] p = req.payload();
        if (WireArgs.countNuls(p) != 2) {
            throw XenException.invalid("WATCH and UNWATCH take exactly path and token");
        }
        List<String> args = WireArgs.strings(p, 2);
        if (req.type() == XsType.WATCH) {
            conn.watch(args.get(0), args.get(1));
        } else {
            conn.unwatch(args.get(0), args.get(1));
        }
        return req.ok();
    }

    private Frame transactionEnd(Frame req, long tx) {
        String arg = WireArgs.oneArg(req.payload()).orElse("");
        if (!arg.equals("T") && !arg.equals("F")) {
            throw XenException.invalid("TRANSACTION_END takes T or F");
        }
        if (tx == 0) {
            throw XenException.notFound("TRANSACTION_END outside a transaction");
        }
        try {
            conn.transactionEnd(tx, arg.equals("T"));
        } finally {
            openTransactions.remove(tx); // C frees the transaction whatever the commit's outcome
        }
        return req.ok();
    }

    private Frame introduce(Frame req) {
        List<String> args = WireArgs.strings(req.payload(), 3);
        if (args.size() < 3) {
            throw XenException.invalid("INTRODUCE needs domid, gfn and event channel");
        }
        int evtchn = WireArgs.atoi(args.get(2));
        if (evtchn == 0) {
            throw XenException.invalid("INTRODUCE needs a non-zero event channel");
        }
        conn.introduce(WireArgs.atoi(args.get(0)), WireArgs.atol(args.get(1)), evtchn);
        return req.ok();
    }

    private Frame releaseOrResume(Frame req) {
        int domid = domidArg(req.payload());
        if (domid == 0) {
            throw XenException.invalid("domain 0 cannot be released or resumed");
        }
        if (req.type() == XsType.RELEASE) {
            conn.release(domid);
        } else {
            conn.resume(domid);
        }
        return req.ok();
    }

    private Frame directoryPart(Frame req, long tx) {
        byte[] p = req.payload();
        if (WireArgs.countNuls(p) != 2) {
            throw XenException.invalid("DIRECTORY_PART takes exactly path and offset");
        }
        List<String> args = WireArgs.strings(p, 2);
        int offset = WireArgs.atoi(args.get(1));
        XsConnection.DirectoryPart part = conn.directoryPart(tx, args.get(0), offset < 0 ? Integer.MAX_VALUE : offset);
        byte[] gen = Frame.nulTerminated(Long.toString(part.generation()));
        byte[] out = new byte[gen.length + part.chunk().length];
        System.arraycopy(gen, 0, out, 0, gen.length);
        System.arraycopy(part.chunk(), 0, out, gen.length, part.chunk().length);
        return req.reply(out);
    }
}
