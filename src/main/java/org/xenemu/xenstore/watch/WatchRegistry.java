package org.xenemu.xenstore.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * All watches of the store, indexed by absolute watch path. An event at {@code /a/b/c} looks up
 * {@code /}, {@code /a}, {@code /a/b} and {@code /a/b/c}: a path trie flattened into one hash map,
 * so matching costs one lookup per path component whatever the number of watches.
 * Not thread-safe; the engine's lock guards it.
 *
 * @param <C> the connection type owning a watch
 */
public final class WatchRegistry<C> {
    /** A registered watch; events reach it with the first {@code prefixLength} chars cut (relative watches). */
    public record Watch<C>(C owner, String path, String token, int prefixLength) {
        public String eventPath(String absolute) {
            return absolute.substring(prefixLength);
        }
    }

    /** Receives each (watch, event) pair that matches. */
    @FunctionalInterface
    public interface Matched<C> {
        void accept(Watch<C> watch, String eventPath);
    }

    private final Map<String, List<Watch<C>>> byPath = new HashMap<>();
    private int size;

    public void add(Watch<C> watch) {
        byPath.computeIfAbsent(watch.path(), p -> new ArrayList<>(2)).add(watch);
        size++;
    }

    public boolean remove(Watch<C> watch) {
        List<Watch<C>> list = byPath.get(watch.path());
        if (list == null || !list.remove(watch)) {
            return false;
        }
        if (list.isEmpty()) {
            byPath.remove(watch.path());
        }
        size--;
        return true;
    }

    public int size() {
        return size;
    }

    /** Calls {@code out} for every watch the event reaches, shallow watch paths first. */
    public void match(PendingEvent event, Matched<C> out) {
        String path = event.path();
        if (event.exact() || path.charAt(0) != '/') {
            deliver(byPath.get(path), path, out);
            return;
        }
        deliver(byPath.get("/"), path, out);
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                deliver(byPath.get(path.substring(0, i)), path, out);
            }
        }
        if (path.length() > 1) {
            deliver(byPath.get(path), path, out);
        }
    }

    private void deliver(@Nullable List<Watch<C>> list, String path, Matched<C> out) {
        if (list != null) {
            for (Watch<C> w : list) {
                out.accept(w, path);
            }
        }
    }
}
