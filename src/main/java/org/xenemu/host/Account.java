package org.xenemu.host;

/** One domain's pages on the host, per node: owned, and held in tmem for it; and its {@code max_pages}. */
final class Account {
    final int homeNode;
    long maxPages;
    final long[] owned;
    final long[] tmem;

    Account(int homeNode, long maxPages, int nodes) {
        this.homeNode = homeNode;
        this.maxPages = maxPages;
        this.owned = new long[nodes];
        this.tmem = new long[nodes];
    }

    long ownedTotal() {
        long sum = 0;
        for (long p : owned) {
            sum += p;
        }
        return sum;
    }
}
