package org.xenemu.guest.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.MeminfoView;
import org.xenemu.web.ApiErrors;

/**
 * A guest's {@code /proc/meminfo} and {@code /proc/sys/vm/*} overcommit sysctls (docs/api.md "Inside a
 * guest"): text out byte for byte as the kernel shows it, raw text in through the kernel's parser.
 */
@RestController
@RequestMapping("/api/v1/domains/{domid}")
@Tag(name = "guest procfs", description = "The guest kernel's /proc/meminfo and overcommit sysctls")
@ApiErrors
class ProcfsController {
    /** proc_sys_write hands the handler at most PAGE_SIZE − 1 bytes. */
    private static final int SYSCTL_WRITE_MAX = 4095;

    private final GuestFacade service;

    ProcfsController(GuestFacade service) {
        this.service = service;
    }

    @GetMapping(value = "/procfs/meminfo", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "/proc/meminfo, byte for byte in the kernel's layout",
            description = "404 ENOENT for an unknown domain; 403 EACCES for another guest.")
    String procMeminfo(Caller caller, @PathVariable int domid) {
        return service.procMeminfo(caller, domid);
    }

    @GetMapping(value = "/procfs/sys/vm/{name}", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "Read an overcommit sysctl: the value and a newline",
            description = "overcommit_memory, overcommit_ratio, overcommit_kbytes, admin_reserve_kbytes, "
                    + "user_reserve_kbytes; anything else is 404 ENOENT.")
    String readSysctl(Caller caller, @PathVariable int domid, @PathVariable String name) {
        return service.readSysctl(caller, domid, name);
    }

    @PutMapping("/procfs/sys/vm/{name}")
    @Operation(summary = "Write an overcommit sysctl (raw text, parsed as proc_dointvec / proc_doulongvec_minmax)",
            description = "403 EPERM unless root in the guest (or dom0); 400 EINVAL for junk, overflow or "
                    + "overcommit_memory outside 0..2 (whitespace only too). Writing overcommit_ratio zeroes "
                    + "overcommit_kbytes and vice versa. An empty body is a 0-byte write: 204, no value stored "
                    + "(but the ratio/kbytes handlers still zero their partner, as in mm/util.c).")
    ResponseEntity<Void> writeSysctl(Caller caller, @PathVariable int domid, @PathVariable String name,
                                     @RequestBody(required = false) byte @Nullable [] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > SYSCTL_WRITE_MAX) {
            bytes = Arrays.copyOf(bytes, SYSCTL_WRITE_MAX);
        }
        service.writeSysctl(caller, domid, name, new String(bytes, StandardCharsets.ISO_8859_1));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/meminfo")
    @Operation(summary = "The same figures as /proc/meminfo as JSON (pages and KiB)")
    MeminfoView meminfo(Caller caller, @PathVariable int domid) {
        return MeminfoView.of(service.meminfo(caller, domid));
    }
}
