package org.xenemu.balloon;

import java.util.List;
import org.xenemu.error.XenException;
import org.xenemu.linux.Kstrtoul;
import org.xenemu.linux.Memparse;
import org.xenemu.linux.SimpleStrtoull;
import org.xenemu.linux.SysfsWrite;
import org.xenemu.units.Pages;

/**
 * The attributes of {@code /sys/devices/system/xen_memory/xen_memory0/} (docs/memory.md "sysfs mirror";
 * Linux drivers/xen/xen-balloon.c and drivers/base/core.c): text in, text out, byte for byte.
 * Every value ends with a newline. Writing a read-only attribute is EACCES (its file mode forbids
 * it); a writer who is not root in the guest is EPERM; parse errors are the parsers' own.
 */
public final class BalloonSysfs {
    public static final List<String> ATTRIBUTES = List.of("target_kb", "target", "schedule_delay",
            "max_schedule_delay", "retry_count", "max_retry_count", "info/current_kb", "info/low_kb", "info/high_kb");

    private BalloonSysfs() {
    }

    public static String read(BalloonDriver driver, String attribute) {
        return switch (attribute) {
            case "target_kb" -> Long.toUnsignedString(Pages.toKiB(driver.targetPages()));
            case "target" -> Long.toUnsignedString(Pages.toBytes(driver.targetPages()));
            case "schedule_delay" -> Long.toHexString(driver.scheduleDelaySeconds());
            case "max_schedule_delay" -> Long.toHexString(driver.maxScheduleDelaySeconds());
            case "retry_count" -> Long.toHexString(driver.retryCount());
            case "max_retry_count" -> Long.toHexString(driver.maxRetryCount());
            case "info/current_kb" -> Long.toString(Pages.toKiB(driver.currentPages()));
            case "info/low_kb" -> Long.toString(Pages.toKiB(driver.balloonLowPages()));
            case "info/high_kb" -> Long.toString(Pages.toKiB(driver.balloonHighPages()));
            default -> throw XenException.notFound("no attribute " + attribute);
        } + "\n";
    }

    /**
     * Stores {@code text} (the bytes of one write) as the kernel's store function would;
     * {@code root}: the writer is root in the guest. The refusals come first (Linux refuses a
     * read-only or root-only file at open); then a zero-length write changes nothing and succeeds
     * ({@link SysfsWrite#isNoOp}), and the parsers see the text up to its first NUL.
     */
    public static void write(BalloonDriver driver, String attribute, String text, boolean root) {
        if (!ATTRIBUTES.contains(attribute)) {
            throw XenException.notFound("no attribute " + attribute);
        }
        if (!isWritable(attribute)) {
            throw XenException.accessDenied(attribute + " is read-only");
        }
        if (!root) {
            throw XenException.notPermitted("writing " + attribute + " needs CAP_SYS_ADMIN");
        }
        if (SysfsWrite.isNoOp(text)) {
            return;
        }
        String c = SysfsWrite.cString(text);
        switch (attribute) {
            // simple_strtoull(base 0) KiB × 1024 → bytes (wrapping in 64 bits) → pages; garbage is 0, accepted
            case "target_kb" -> driver.setTarget(Pages.fromBytesUnsigned(Pages.kibToBytes(SimpleStrtoull.parse(c, 0))),
                    TargetSource.SYSFS);
            case "target" -> driver.setTarget(Pages.fromBytesUnsigned(Memparse.parse(c)), TargetSource.SYSFS);
            case "max_schedule_delay" -> driver.setMaxScheduleDelaySeconds(Kstrtoul.parse(c, 0));
            case "max_retry_count" -> driver.setMaxRetryCount(Kstrtoul.parse(c, 0));
            default -> throw new IllegalStateException(attribute);
        }
    }

    public static boolean isWritable(String attribute) {
        return switch (attribute) {
            case "target_kb", "target", "max_schedule_delay", "max_retry_count" -> true;
            default -> false;
        };
    }
}
