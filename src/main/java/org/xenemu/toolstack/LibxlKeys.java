package org.xenemu.toolstack;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.NodePath;
import org.xenemu.xenstore.XsConnection;

/**
 * The toolstack's xenstore writes, as libxl makes them (docs/xenstore.md "Standard domain keys";
 * libxl_create.c {@code libxl__domain_make}, libxl_mem.c {@code libxl_set_memory_target}), on one
 * privileged connection:
 * <pre>
 * /local/domain/N                      n0 rN   (dom0's, readable by the guest)
 *   name, domid
 *   memory/static-max, memory/target   KiB     (target = memory − videoram)
 *   memory/videoram                    KiB     (HVM only)
 *   memory/dynamic-min, dynamic-max    KiB     (XAPI's dynamic range, when given)
 *   memory/initial-reservation         KiB     (squeezed's transfer, when built from a reservation)
 *   memory/reservation-id                      (the reservation's id, likewise)
 *   control/feature-balloon            nN      (the guest's: its balloon driver writes 1)
 *   data/                              nN      (the guest's: its agents write there)
 * </pre>
 * then {@code INTRODUCE}, which fires {@code @introduceDomain}. dom0 gets only its memory keys.
 */
final class LibxlKeys {
    /** A commit that keeps meeting EAGAIN gives up after this many retries, as libxl's loop would not. */
    private static final int MAX_RETRIES = 10;

    private final XsConnection xs;

    LibxlKeys(XsConnection xs) {
        this.xs = xs;
    }

    void writeDom0(long dom0KiB) {
        NodePath memory = NodePath.home(0).child("memory");
        write(memory.child("static-max"), Long.toString(dom0KiB));
        write(memory.child("target"), Long.toString(dom0KiB));
    }

    /** What a domain is built from besides libxl's own keys. */
    record Extras(OptionalLong dynamicMinKiB, OptionalLong dynamicMaxKiB, Optional<String> reservationId,
                  long initialReservationKiB) {
        static final Extras NONE = new Extras(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), 0);
    }

    /** The keys of a new domain in one transaction (retried on EAGAIN), then INTRODUCE. */
    void writeDomain(int domid, String name, long staticMaxKiB, long targetKiB, long videoramKiB, boolean hvm) {
        writeDomain(domid, name, staticMaxKiB, targetKiB, videoramKiB, hvm, Extras.NONE);
    }

    void writeDomain(int domid, String name, long staticMaxKiB, long targetKiB, long videoramKiB, boolean hvm,
                     Extras extras) {
        NodePath home = NodePath.home(domid);
        NodePath memory = home.child("memory");
        NodePath control = home.child("control");
        NodePath data = home.child("data");
        List<String> readOnly = List.of("n0", "r" + domid);
        List<String> guestOwned = List.of("n" + domid);
        inTransaction(tx -> {
            xs.mkdir(tx, home.value());
            xs.setPerms(tx, home.value(), readOnly);
            put(tx, home.child("name"), name);
            put(tx, home.child("domid"), Integer.toString(domid));
            xs.mkdir(tx, memory.value());
            put(tx, memory.child("static-max"), Long.toString(staticMaxKiB));
            put(tx, memory.child("target"), Long.toString(targetKiB));
            if (hvm) {
                put(tx, memory.child("videoram"), Long.toString(videoramKiB));
            }
            if (extras.dynamicMinKiB().isPresent() && extras.dynamicMaxKiB().isPresent()) {
                put(tx, memory.child("dynamic-min"), Long.toString(extras.dynamicMinKiB().getAsLong()));
                put(tx, memory.child("dynamic-max"), Long.toString(extras.dynamicMaxKiB().getAsLong()));
            }
            if (extras.reservationId().isPresent()) {
                put(tx, memory.child("initial-reservation"), Long.toString(extras.initialReservationKiB()));
                put(tx, memory.child("reservation-id"), extras.reservationId().get());
            }
            xs.mkdir(tx, control.value());
            xs.mkdir(tx, control.child("feature-balloon").value());
            xs.setPerms(tx, control.child("feature-balloon").value(), guestOwned);
            xs.mkdir(tx, data.value());
            xs.setPerms(tx, data.value(), guestOwned);
        });
        xs.introduce(domid, 1, 1);
    }

    /** XAPI's dynamic range, both keys in one transaction (retried on EAGAIN). */
    void writeDynamicRange(int domid, long minKiB, long maxKiB) {
        NodePath memory = NodePath.home(domid).child("memory");
        inTransaction(tx -> {
            put(tx, memory.child("dynamic-min"), Long.toString(minKiB));
            put(tx, memory.child("dynamic-max"), Long.toString(maxKiB));
        });
    }

    /** Runs {@code writes} in one transaction, committed; the whole is retried on EAGAIN, as libxl's loops. */
    private void inTransaction(LongConsumer writes) {
        for (int attempt = 0; ; attempt++) {
            long tx = xs.transactionStart(0);
            try {
                writes.accept(tx);
                xs.transactionEnd(tx, true);
                return;
            } catch (XenException e) {
                if (e.errno() != Errno.EAGAIN) {
                    abort(tx);
                    throw e;
                }
                if (attempt >= MAX_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * A decimal KiB value under the domain's home, as squeezed and rrdp-squeezed parse one
     * ({@code Int64.of_string}): missing, or not a number, is empty.
     */
    OptionalLong readKiB(int domid, String key) {
        try {
            String text = new String(xs.read(0, NodePath.home(domid).value() + "/" + key), StandardCharsets.US_ASCII)
                    .trim();
            return OptionalLong.of(Long.parseLong(text));
        } catch (XenException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    boolean exists(int domid, String key) {
        try {
            xs.read(0, NodePath.home(domid).value() + "/" + key);
            return true;
        } catch (XenException e) {
            return false;
        }
    }

    /** {@code xl mem-set}'s write of {@code memory/target}, in KiB. */
    void writeTarget(int domid, long kib) {
        write(NodePath.home(domid).child("memory").child("target"), Long.toString(kib));
    }

    /** Releases the domain (fires @releaseDomain) and removes its home, as libxl's destroy does. */
    void forget(int domid) {
        try {
            if (xs.isDomainIntroduced(domid)) {
                xs.release(domid);
            }
        } catch (XenException e) {
            // already released
        }
        try {
            xs.rm(0, NodePath.home(domid).value());
        } catch (XenException e) {
            // the release already removed it
        }
    }

    private void put(long tx, NodePath path, String value) {
        xs.write(tx, path.value(), value.getBytes(StandardCharsets.US_ASCII));
    }

    private void write(NodePath path, String value) {
        put(0, path, value);
    }

    private void abort(long tx) {
        try {
            xs.transactionEnd(tx, false);
        } catch (XenException ignored) {
            // the transaction is gone already
        }
    }
}
