package org.xenemu.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xenemu.client.model.GuestProcess;
import org.xenemu.client.model.Mapped;
import org.xenemu.client.model.MmapRequest;
import org.xenemu.client.model.TouchReport;

/**
 * A guest's workload (docs/api.md "Guest workload"): processes, mmaps, touches. Every charge
 * follows the guest's overcommit rules; a refusal is 507 ENOMEM and changes nothing.
 */
public final class WorkloadApi {
    private final Http http;
    private final int domid;

    WorkloadApi(Http http, int domid) {
        this.http = http;
        this.domid = domid;
    }

    private record Pid(int pid) {
    }

    /** Starts a process; answers its pid. */
    public int start(String name) {
        return http.readJson(http.sendJson("POST", base(), Map.of("name", name)), Pid.class).pid();
    }

    /** Every process. */
    public List<GuestProcess> list() {
        return http.readJsonList(http.get(base()), GuestProcess.class);
    }

    /** One process. */
    public GuestProcess get(int pid) {
        return http.readJson(http.get(base() + "/" + pid), GuestProcess.class);
    }

    /** exit: unmaps everything, refunds every charge. */
    public void exit(int pid) {
        http.discard(http.sendEmpty("DELETE", base() + "/" + pid));
    }

    /** fork: answers the child's pid (its private writable mappings are charged again). */
    public int fork(int pid) {
        return http.readJson(http.sendEmpty("POST", base() + "/" + pid + "/fork"), Pid.class).pid();
    }

    /** mmap. */
    public Mapped mmap(int pid, MmapRequest request) {
        return http.readJson(http.sendJson("POST", base() + "/" + pid + "/mappings", request), Mapped.class);
    }

    /** mprotect. */
    public void mprotect(int pid, long mappingId, boolean writable) {
        http.discard(http.sendJson("PATCH", mapping(pid, mappingId), Map.of("writable", writable)));
    }

    /** mremap. */
    public void mremap(int pid, long mappingId, long kib) {
        http.discard(http.sendJson("PATCH", mapping(pid, mappingId), Map.of("kib", kib)));
    }

    /** mprotect and mremap at once, all or nothing. */
    public void change(int pid, long mappingId, boolean writable, long kib) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("writable", writable);
        body.put("kib", kib);
        http.discard(http.sendJson("PATCH", mapping(pid, mappingId), body));
    }

    /** munmap. */
    public void munmap(int pid, long mappingId) {
        http.discard(http.sendEmpty("DELETE", mapping(pid, mappingId)));
    }

    /** Touches the first {@code kib} of a mapping: faults, reclaim, swap, OOM kills; says what happened. */
    public TouchReport touch(int pid, long mappingId, long kib) {
        return http.readJson(http.sendJson("POST", mapping(pid, mappingId) + "/touch", Map.of("kib", kib)),
                TouchReport.class);
    }

    /** Sets the heap's size. */
    public void brk(int pid, long kib) {
        http.discard(http.sendJson("PUT", base() + "/" + pid + "/brk", Map.of("kib", kib)));
    }

    private String base() {
        return Http.API + "/domains/" + domid + "/processes";
    }

    private String mapping(int pid, long id) {
        return base() + "/" + pid + "/mappings/" + id;
    }
}
