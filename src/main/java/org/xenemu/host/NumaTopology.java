package org.xenemu.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xenemu.error.XenException;

/**
 * The host's NUMA nodes and the distances between them (ACPI SLIT style: 10 local), with the orders
 * the allocation policies search in (docs/memory.md "Host"; seed 001 "numa"): per home node, the
 * nodes nearest first (the promised "concentric circle search") and farthest first (what freeing
 * gives back first, so a domain drifts home). Ties go to the lower node id. Immutable.
 *
 * <p>Example, a ring of four (distance 10 self, 20 neighbour, 30 opposite): from node 1 nearest
 * first is 1, 0, 2, 3 and farthest first is 3, 0, 2, 1.
 */
public final class NumaTopology {
    private final int[][] distance;
    private final int[][] nearestFirst;
    private final int[][] farthestFirst;

    public NumaTopology(int[][] distance) {
        int nodes = distance.length;
        this.distance = new int[nodes][];
        for (int n = 0; n < nodes; n++) {
            if (distance[n].length != nodes) {
                throw XenException.invalid("the distance matrix must be nodes × nodes");
            }
            this.distance[n] = distance[n].clone();
        }
        this.nearestFirst = new int[nodes][];
        this.farthestFirst = new int[nodes][];
        for (int home = 0; home < nodes; home++) {
            nearestFirst[home] = nodesByDistance(home, false);
            farthestFirst[home] = nodesByDistance(home, true);
        }
    }

    /** {@code nodes} nodes, distance 10 local and 20 remote. */
    public static NumaTopology uniform(int nodes) {
        int[][] distance = new int[nodes][nodes];
        for (int a = 0; a < nodes; a++) {
            for (int b = 0; b < nodes; b++) {
                distance[a][b] = a == b ? 10 : 20;
            }
        }
        return new NumaTopology(distance);
    }

    public int nodeCount() {
        return distance.length;
    }

    public int distance(int from, int to) {
        return distance[from][to];
    }

    public int[] distances(int from) {
        return distance[from].clone();
    }

    /** Nodes by distance from {@code home}, nearest first. The array is shared: do not change it. */
    int[] nearestFirst(int home) {
        return nearestFirst[home];
    }

    /** Nodes by distance from {@code home}, farthest first. The array is shared: do not change it. */
    int[] farthestFirst(int home) {
        return farthestFirst[home];
    }

    private int[] nodesByDistance(int home, boolean farthest) {
        List<Integer> order = new ArrayList<>();
        for (int n = 0; n < distance.length; n++) {
            order.add(n);
        }
        Comparator<Integer> byDistance = Comparator.comparingInt(n -> distance[home][n]);
        order.sort((farthest ? byDistance.reversed() : byDistance).thenComparingInt(n -> n));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}
