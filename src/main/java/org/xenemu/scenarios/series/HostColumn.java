package org.xenemu.scenarios.series;

/**
 * The host row's figures, in CSV column order, KiB unless said otherwise. The owners add up:
 * {@code total = xen + dom0 + domains + tmem + pressure + reserved + free}.
 */
public enum HostColumn {
    TOTAL_KIB("host_total_kib"),
    XEN_KIB("host_xen_kib"),
    DOM0_KIB("host_dom0_kib"),
    /** Owned by the scenario's domains (every domain but dom0). */
    DOMAINS_KIB("host_domains_kib"),
    TMEM_KIB("host_tmem_kib"),
    PRESSURE_KIB("host_pressure_kib"),
    RESERVED_KIB("host_reserved_kib"),
    FREE_KIB("host_free_kib"),
    /** The balancer's last γ (squeezed's fraction of the dynamic ranges), in millionths; absent when none ran yet. */
    BALANCER_GAMMA("balancer_gamma"),
    /** Failed balancing runs and reservations so far (shares the domain rows' column). */
    BALANCER_FAILURES("balancer_failures");

    private final String csvName;

    HostColumn(String csvName) {
        this.csvName = csvName;
    }

    public String csvName() {
        return csvName;
    }
}
