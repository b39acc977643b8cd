package org.xenemu.client;

import java.nio.charset.StandardCharsets;
import org.xenemu.client.model.BalloonView;
import org.xenemu.client.model.Meminfo;
import org.xenemu.client.model.SelfballoonPatch;
import org.xenemu.client.model.SelfballoonView;

/**
 * Inside one guest (docs/api.md "Inside a guest"): the balloon driver's and selfballoon's sysfs
 * files, {@code /proc/meminfo} and the overcommit sysctls as text (byte for byte what the kernel
 * shows; writes go through the kernel's parsers), their JSON views, and the guest's
 * {@link #workload()}. Writing needs root in the guest or dom0 (403 EPERM otherwise).
 */
public final class GuestApi {
    private static final String SYSFS = "/sysfs/devices/system/xen_memory/xen_memory0/";

    private final Http http;
    private final int domid;

    GuestApi(Http http, int domid) {
        this.http = http;
        this.domid = domid;
    }

    /** The domain this API is about. */
    public int domid() {
        return domid;
    }

    /** The balloon driver as JSON. */
    public BalloonView balloon() {
        return http.readJson(http.get(base() + "/balloon"), BalloonView.class);
    }

    /**
     * A balloon sysfs attribute as the kernel shows it, newline included: {@code target_kb},
     * {@code target}, {@code schedule_delay}, {@code max_schedule_delay}, {@code retry_count},
     * {@code max_retry_count}, {@code info/current_kb}, {@code info/low_kb}, {@code info/high_kb}.
     */
    public String balloonAttribute(String attribute) {
        return http.readText(http.get(base() + SYSFS + Http.encodePath(attribute)));
    }

    /** Writes a balloon sysfs attribute (raw text, parsed as the kernel does: {@code 300M}, {@code 4\n}). */
    public void writeBalloonAttribute(String attribute, String text) {
        http.discard(http.sendBytes("PUT", base() + SYSFS + Http.encodePath(attribute),
                text.getBytes(StandardCharsets.UTF_8), "text/plain"));
    }

    /** {@code info/current_kb} as a number. */
    public long currentKiB() {
        return Long.parseLong(balloonAttribute("info/current_kb").strip());
    }

    /** The selfballoon driver as JSON. */
    public SelfballoonView selfballoon() {
        return http.readJson(http.get(base() + "/selfballoon"), SelfballoonView.class);
    }

    /** Sets several selfballoon tunables at once, all or nothing; answers the view. */
    public SelfballoonView patchSelfballoon(SelfballoonPatch patch) {
        return http.readJson(http.sendJson("PATCH", base() + "/selfballoon", patch), SelfballoonView.class);
    }

    /** A selfballoon tunable's sysfs file ({@code selfballooning}, {@code selfballoon_interval}, …). */
    public String selfballoonTunable(String tunable) {
        return http.readText(http.get(base() + SYSFS + "selfballoon/" + Http.encodeSegment(tunable)));
    }

    /** Writes a selfballoon tunable (raw text, base-10 kstrtoul). */
    public void writeSelfballoonTunable(String tunable, String text) {
        http.discard(http.sendBytes("PUT", base() + SYSFS + "selfballoon/" + Http.encodeSegment(tunable),
                text.getBytes(StandardCharsets.UTF_8), "text/plain"));
    }

    /** The memory figures as JSON. */
    public Meminfo meminfo() {
        return http.readJson(http.get(base() + "/meminfo"), Meminfo.class);
    }

    /** {@code /proc/meminfo}, byte for byte. */
    public String procMeminfo() {
        return http.readText(http.get(base() + "/procfs/meminfo"));
    }

    /** A {@code /proc/sys/vm/} sysctl: {@code overcommit_memory}, {@code overcommit_ratio}, … */
    public String sysctl(String name) {
        return http.readText(http.get(base() + "/procfs/sys/vm/" + Http.encodeSegment(name)));
    }

    /** Writes a sysctl (raw text, {@code proc_dointvec} rules). */
    public void writeSysctl(String name, String text) {
        http.discard(http.sendBytes("PUT", base() + "/procfs/sys/vm/" + Http.encodeSegment(name),
                text.getBytes(StandardCharsets.UTF_8), "text/plain"));
    }

    /** The guest's processes and their memory. */
    public WorkloadApi workload() {
        return new WorkloadApi(http, domid);
    }

    private String base() {
        return Http.API + "/domains/" + domid;
    }
}
