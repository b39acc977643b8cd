/**
 * The Linux kernel's parsers and formats, byte for byte: kstrtoul, memparse, simple_strtoull, the
 * sysctl and sysfs write rules, xenbus_scanf's %llu. Used by the engines' sysfs and procfs mirrors.
 */
@ApplicationModule(allowedDependencies = {"error"})
@NullMarked
package org.xenemu.linux;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
