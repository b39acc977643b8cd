package org.xenemu.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * NUMA placement beyond two nodes (docs/memory.md "Host"): four nodes on a ring, so distances are
 * unequal and tie. Growing searches concentric circles from the home node (ties by node id);
 * freeing gives back the farthest pages first (ties by node id); round-robin keeps its cursor.
 */
class HostNumaTest {
    /** 0–1–2–3–0 ring: neighbours 20, the opposite node 30. */
    static final int[][] RING = {
            {10, 20, 30, 20},
            {20, 10, 20, 30},
            {30, 20, 10, 20},
            {20, 30, 20, 10}};

    Host host = new Host(new long[] {1000, 1000, 1000, 1000}, RING, 0, AllocationPolicy.NEAREST);

    @AfterEach
    void conserved() {
        host.verifyConservation();
    }

    @Nested
    class Nearest {
        @Test
        void growthFillsHomeThenTheNeighboursByIdThenTheOppositeNode() {
            host.createDomain(1, 0, 4000, 0);
            assertThat(host.allocate(1, 2500)).containsExactly(1000, 1000, 0, 500);
            assertThat(host.allocate(1, 1000)).containsExactly(0, 0, 500, 500);
            assertThat(host.pagesPerNode(1)).containsExactly(1000, 1000, 500, 1000);
        }

        @Test
        void theSameTieFromAnotherHomeStillGoesToTheLowerId() {
            host.createDomain(1, 2, 4000, 0);
            assertThat(host.allocate(1, 1500)).containsExactly(0, 500, 1000, 0);
            assertThat(host.allocate(1, 1000)).containsExactly(0, 500, 0, 500);
        }

        @Test
        void freeingReturnsTheOppositeNodeFirstThenNeighboursByIdAndHomeLast() {
            host.createDomain(1, 0, 4000, 3500);
            assertThat(host.pagesPerNode(1)).containsExactly(1000, 1000, 500, 1000);
            assertThat(host.free(1, 600)).containsExactly(0, 100, 500, 0);
            assertThat(host.free(1, 1500)).containsExactly(0, 900, 0, 600);
            assertThat(host.free(1, 1000)).containsExactly(600, 0, 0, 400);
            assertThat(host.ownedPages(1)).isEqualTo(400);
        }

        @Test
        void distancesAreReportedAsGiven() {
            assertThat(host.distances(1)).containsExactly(20, 10, 20, 30);
            assertThat(host.distance(3, 1)).isEqualTo(30);
        }
    }

    @Nested
    class RoundRobin {
        @Test
        void theCursorCarriesOverFromOneRequestToTheNext() {
            host.setPolicy(AllocationPolicy.ROUND_ROBIN);
            host.createDomain(1, 2, 4000, 0);
            assertThat(host.allocate(1, 2)).containsExactly(1, 1, 0, 0);
            assertThat(host.allocate(1, 2)).containsExactly(0, 0, 1, 1);
            assertThat(host.allocate(1, 1)).containsExactly(1, 0, 0, 0);
            assertThat(host.allocate(1, 8)).containsExactly(2, 2, 2, 2);
        }

        @Test
        void aFullNodeIsSkipped() {
            host.setPolicy(AllocationPolicy.ROUND_ROBIN);
            host.createDomain(1, 0, 4000, 0);
            host.createDomain(2, 1, 1000, 0);
            host.setPolicy(AllocationPolicy.NEAREST);
            host.allocate(2, 1000);
            host.setPolicy(AllocationPolicy.ROUND_ROBIN);
            assertThat(host.allocate(1, 3)).containsExactly(1, 0, 1, 1);
        }
    }
}
