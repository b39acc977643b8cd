package org.xenemu.selfballoon.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.web.ApiErrors;

/**
 * {@code /sys/devices/system/xen_memory/xen_memory0/selfballoon/{tunable}} of a guest (
 * docs/api.md "Inside a guest"; seed 002): text out exactly as the kernel shows it, raw text in through the
 * kernel's store.
 */
@RestController
@RequestMapping("/api/v1/domains/{domid}/sysfs/devices/system/xen_memory/xen_memory0/selfballoon")
@Tag(name = "selfballoon", description = "The guest's selfballoon and frontswap self-shrink tunables")
@ApiErrors
class SelfballoonSysfsController {
    private final SelfballoonFacade service;

    SelfballoonSysfsController(SelfballoonFacade service) {
        this.service = service;
    }

    @GetMapping(value = "/{tunable}", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "Read a tunable: \"%d\\n\"",
            description = "404 ENOENT for an unknown domain or file; 403 EACCES for another guest's file.")
    String read(Caller caller, @PathVariable int domid, @PathVariable String tunable) {
        return service.show(caller, domid, tunable);
    }

    @PutMapping("/{tunable}")
    @Operation(summary = "Write a tunable (raw text body, parsed by base-10 kstrtoul)",
            description = "403 EPERM unless root in the guest (or dom0); 400 EINVAL for junk, 0 where 0 is refused, "
                    + "or anything but 0/1 for a switch; 400 ERANGE above 2^64 − 1. A value above 2^32 − 1 is "
                    + "stored truncated to 32 bits, as the kernel does. An empty body is a zero-length write: 204 and "
                    + "nothing changes (sysfs never calls the store).")
    ResponseEntity<Void> write(Caller caller, @PathVariable int domid, @PathVariable String tunable,
                               @RequestBody(required = false) byte @Nullable [] body) {
        service.store(caller, domid, tunable, body);
        return ResponseEntity.noContent().build();
    }
}
