package org.xenemu.guest.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews.Mapped;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.guest.workload.WorkloadViews.ProcessView;
import org.xenemu.guest.workload.WorkloadViews.TouchReport;
import org.xenemu.web.ApiErrors;

/**
 * A guest's workload (docs/api.md "Guest workload"): processes, their mappings, touches. Every
 * charge follows the overcommit rules of the guest; a refused request is 507 ENOMEM and changes
 * nothing. Root in the guest ({@code X-Guest-Root}, default true) skips the admin reserve.
 */
@RestController
@RequestMapping("/api/v1/domains/{domid}/processes")
@Tag(name = "guest workload", description = "Processes, mmaps and touches inside a guest")
@ApiErrors
class WorkloadController {
    private final GuestFacade service;

    WorkloadController(GuestFacade service) {
        this.service = service;
    }

    record NewProcess(@NotBlank @Size(max = 64) String name) {
    }

    record Pid(int pid) {
    }

    record MmapBody(@NotNull MappingKindName kind, @NotNull Boolean shared, @NotNull Boolean writable,
                    @NotNull @PositiveOrZero Long kib, @Nullable Boolean noreserve,
                    @Nullable Boolean fixed) {
    }

    /** The kinds as they are spelled on the wire. */
    enum MappingKindName {
        anonymous(MappingKind.ANONYMOUS), file(MappingKind.FILE), shmem(MappingKind.SHMEM);

        final MappingKind kind;

        MappingKindName(MappingKind kind) {
            this.kind = kind;
        }
    }

    record MappingChange(@Nullable Boolean writable, @PositiveOrZero @Nullable Long kib) {
    }

    record Kib(@NotNull @PositiveOrZero Long kib) {
    }

    @PostMapping
    @Operation(summary = "Start a process", description = "201 {\"pid\"}.")
    ResponseEntity<Pid> create(Caller caller, @PathVariable int domid, @Valid @RequestBody NewProcess body) {
        int pid = service.createProcess(caller, domid, body.name());
        return ResponseEntity.created(URI.create("/api/v1/domains/" + domid + "/processes/" + pid)).body(new Pid(pid));
    }

    @GetMapping
    @Operation(summary = "Processes with their mappings, charges, resident and swapped sizes")
    List<ProcessView> list(Caller caller, @PathVariable int domid) {
        return service.processes(caller, domid);
    }

    @GetMapping("/{pid}")
    @Operation(summary = "One process")
    ProcessView get(Caller caller, @PathVariable int domid, @PathVariable int pid) {
        return service.process(caller, domid, pid);
    }

    @DeleteMapping("/{pid}")
    @Operation(summary = "exit: unmap everything, refund every charge")
    ResponseEntity<Void> exit(Caller caller, @PathVariable int domid, @PathVariable int pid) {
        service.exit(caller, domid, pid);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{pid}/fork")
    @Operation(summary = "fork: the child's private writable mappings are charged again",
            description = "507 ENOMEM when the overcommit policy refuses; 400 EINVAL on a no-MMU guest.")
    ResponseEntity<Pid> fork(Caller caller, @PathVariable int domid, @PathVariable int pid) {
        int child = service.fork(caller, domid, pid);
        return ResponseEntity.created(URI.create("/api/v1/domains/" + domid + "/processes/" + child))
                .body(new Pid(child));
    }

    @PostMapping("/{pid}/mappings")
    @Operation(summary = "mmap",
            description = "201 {\"id\",\"chargeKiB\"}; 507 ENOMEM when refused; no-MMU guests: 400 EINVAL for fixed, "
                    + "409 ENODEV for a shared file mapping. kib is rounded up to whole pages; 0 is EINVAL.")
    ResponseEntity<Mapped> mmap(Caller caller, @PathVariable int domid, @PathVariable int pid,
                                @Valid @RequestBody MmapBody body) {
        MmapRequest request = new MmapRequest(body.kind().kind, body.shared(), body.writable(), body.kib(),
                Boolean.TRUE.equals(body.noreserve()), Boolean.TRUE.equals(body.fixed()));
        Mapped mapped = service.mmap(caller, domid, pid, request);
        return ResponseEntity.created(URI.create("/api/v1/domains/" + domid + "/processes/" + pid + "/mappings/"
                + mapped.id())).body(mapped);
    }

    @PatchMapping("/{pid}/mappings/{id}")
    @Operation(summary = "mprotect ({\"writable\"}) and/or mremap ({\"kib\"}), all or nothing")
    ResponseEntity<Void> change(Caller caller, @PathVariable int domid, @PathVariable int pid, @PathVariable long id,
                                @Valid @RequestBody MappingChange body) {
        service.changeMapping(caller, domid, pid, id, body.writable(), body.kib());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{pid}/mappings/{id}")
    @Operation(summary = "munmap: refunds the charge; file pages stay in the page cache")
    ResponseEntity<Void> munmap(Caller caller, @PathVariable int domid, @PathVariable int pid, @PathVariable long id) {
        service.munmap(caller, domid, pid, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{pid}/mappings/{id}/touch")
    @Operation(summary = "Touch the first kib of a mapping; reclaim, swap and OOM-kill as needed, and say what happened")
    TouchReport touch(Caller caller, @PathVariable int domid, @PathVariable int pid, @PathVariable long id,
                      @Valid @RequestBody Kib body) {
        return service.touch(caller, domid, pid, id, body.kib());
    }

    @PutMapping("/{pid}/brk")
    @Operation(summary = "Set the heap size (brk); growth is charged as private writable anonymous memory")
    ResponseEntity<Void> brk(Caller caller, @PathVariable int domid, @PathVariable int pid,
                             @Valid @RequestBody Kib body) {
        service.brk(caller, domid, pid, body.kib());
        return ResponseEntity.noContent().build();
    }
}
