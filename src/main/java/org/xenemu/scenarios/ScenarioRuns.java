package org.xenemu.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.scenarios.document.InvalidScenarioException;
import org.xenemu.scenarios.document.ScenarioFormat;
import org.xenemu.scenarios.document.ScenarioParser;
import org.xenemu.scenarios.document.ScenarioPlan;

/**
 * The scenarios' door for the HTTP adapter ({@code /api/v1/scenarios}, docs/scenarios.md
 * "Running it"): validates a document, runs it in the background — every variant on a private host
 * of its own, never the live one — and keeps its outcome for reading until it is forgotten. dom0
 * only (403 EACCES for anyone else).
 *
 * <p>Threads: each scenario has a coordinator on {@code coordinators}, which queues its variants
 * on {@code variants}, the pool every scenario shares — so all scenarios together use at most that
 * pool's threads (the service sizes it to the cores), and the live host's engine lock is never
 * taken. At most {@code maxStored} scenarios are kept, running or finished; a new one pushes out
 * the oldest finished one, and when every kept one is still running it is refused with 409 EBUSY.
 * Finished results stay in memory (a day of a thousand domains is some tens of MB).
 *
 * <p>{@code DELETE}: a running scenario is cancelled (it stops within a fraction of a second and
 * stays, {@code cancelled}); a finished one is forgotten.
 */
public final class ScenarioRuns implements AutoCloseable {
    static final String DOM0_ONLY = "only dom0 may run scenarios";

    /** A scenario's lifecycle, as {@code GET /scenarios/{id}} spells it. */
    public enum State {
        RUNNING, DONE, FAILED, CANCELLED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What {@code GET /scenarios/{id}} shows: progress is the fraction of all variants' virtual time done. */
    public record Status(String id, String name, State state, double progress, double virtualSeconds,
                         double wallSeconds, Optional<String> error) {
    }

    /** The document was refused before anything ran: the field and the one line naming it. */
    public record Refusal(String field, String detail) {
    }

    /** What a submission gave: a status, or the refusal of an invalid document. */
    public record Submission(Optional<Status> accepted, Optional<Refusal> refused) {
    }

    private final ScenarioRunner runner;
    private final Consumer<ScenarioPlan> verifier;
    private final ExecutorService coordinators;
    private final ExecutorService variants;
    private final int maxStored;
    private final LongSupplier wallNanos;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long nextId = 1;

    /**
     * @param verifier refuses (with an {@link InvalidScenarioException}) a valid document the runner
     *                 cannot run; called right after parsing
     * @param wallNanos the wall clock the scenarios' wall time is measured with
     */
    public ScenarioRuns(ScenarioRunner runner, Consumer<ScenarioPlan> verifier, ExecutorService coordinators,
                        ExecutorService variants, int maxStored, LongSupplier wallNanos) {
        if (maxStored < 1) {
            throw new IllegalArgumentException("maxStored must be at least 1");
        }
        this.runner = runner;
        this.verifier = verifier;
        this.coordinators = coordinators;
        this.variants = variants;
        this.maxStored = maxStored;
        this.wallNanos = wallNanos;
    }

    /**
     * Validates the document (read from {@code body}, at most 1 MiB of it) and starts it. The format
     * is the media type's, or sniffed when there is none; an unknown media type is EINVAL.
     */
    public Submission submit(Caller caller, InputStream body, @Nullable String mediaType) {
        caller.verifyDom0(DOM0_ONLY);
        ScenarioPlan plan;
        try {
            byte[] bytes = body.readNBytes(org.xenemu.scenarios.document.Limits.MAX_DOCUMENT_BYTES + 1);
            ScenarioFormat format = format(mediaType, bytes);
            plan = ScenarioParser.parse(bytes, format);
            verifier.accept(plan);
        } catch (InvalidScenarioException e) {
            return new Submission(Optional.empty(), Optional.of(new Refusal(e.field(), e.field() + ": " + e.reason())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Entry entry;
        synchronized (this) {
            makeRoom();
            entry = new Entry(Long.toString(nextId++), plan, wallNanos.getAsLong());
            entries.put(entry.id, entry);
        }
        try {
            coordinators.execute(() -> entry.run(runner, variants, wallNanos));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                entries.remove(entry.id);
            }
            throw XenException.busy("the service is shutting down or has too many scenarios queued");
        }
        return new Submission(Optional.of(entry.status(wallNanos.getAsLong())), Optional.empty());
    }

    private static ScenarioFormat format(@Nullable String mediaType, byte[] bytes) {
        if (mediaType == null || mediaType.isBlank() || mediaType.startsWith("text/plain")
                || mediaType.startsWith("application/octet-stream")) {
            return ScenarioFormat.sniff(bytes);
        }
        return ScenarioFormat.fromMediaType(mediaType).orElseThrow(() -> XenException.invalid(
                "Content-Type " + mediaType + " is not a scenario document: send application/json or application/yaml"));
    }

    private void makeRoom() {
        if (entries.size() < maxStored) {
            return;
        }
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().state() != State.RUNNING) {
                it.remove();
                return;
            }
        }
        throw XenException.busy("all " + maxStored + " kept scenarios are still running: cancel one "
                + "(DELETE /api/v1/scenarios/{id}) or wait");
    }

    /** Every kept scenario, oldest first. */
    public List<Status> list(Caller caller) {
        caller.verifyDom0(DOM0_ONLY);
        long now = wallNanos.getAsLong();
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
        }
        return all.stream().map(e -> e.status(now)).toList();
    }

    public Status status(Caller caller, String id) {
        caller.verifyDom0(DOM0_ONLY);
        return find(id).status(wallNanos.getAsLong());
    }

    /**
     * A finished scenario's outputs (write them with {@link ScenarioResult}'s methods: the same
     * bytes as the CLI's files). 409 EBUSY while it runs, and for a failed or cancelled one.
     */
    public ScenarioResult result(Caller caller, String id) {
        caller.verifyDom0(DOM0_ONLY);
        Entry e = find(id);
        Optional<ScenarioResult> result = e.result();
        if (result.isEmpty()) {
            State s = e.state();
            throw XenException.busy("scenario " + id + " is " + s.wireName()
                    + (s == State.RUNNING ? ": its outputs exist once it is done" : ": it has no outputs"));
        }
        return result.get();
    }

    /** Cancels a running scenario (it stays, cancelled), or forgets a finished one. */
    public void delete(Caller caller, String id) {
        caller.verifyDom0(DOM0_ONLY);
        Entry e = find(id);
        if (e.state() == State.RUNNING) {
            e.cancellation.cancel();
            return;
        }
        synchronized (this) {
            entries.remove(id);
        }
    }

    /** Cancels every running scenario (the service is stopping). */
    @Override
    public void close() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
        }
        all.forEach(e -> e.cancellation.cancel());
    }

    private Entry find(String id) {
        Entry e;
        synchronized (this) {
            e = entries.get(id);
        }
        if (e == null) {
            throw XenException.notFound("no scenario " + id);
        }
        return e;
    }

    /** One kept scenario: written by its coordinator, read by requests. */
    private static final class Entry {
        final String id;
        final ScenarioPlan plan;
        final long startNanos;
        final long totalVirtualNanos;
        final Cancellation cancellation = new Cancellation();
        private volatile Progress progress;
        private volatile State state = State.RUNNING;
        private volatile long endNanos;
        private volatile @Nullable String error;
        private volatile @Nullable ScenarioResult result;

        Entry(String id, ScenarioPlan plan, long startNanos) {
            this.id = id;
            this.plan = plan;
            this.startNanos = startNanos;
            this.totalVirtualNanos = plan.variants().stream().mapToLong(v -> v.scenario().durationNanos()).sum();
            this.progress = new Progress(0, totalVirtualNanos, 0, plan.variants().size());
        }

        void run(ScenarioRunner runner, ExecutorService variants, LongSupplier wallNanos) {
            try {
                ScenarioResult r = ScenarioExecution.run(plan, runner, variants, p -> progress = p, cancellation);
                result = r;
                progress = new Progress(totalVirtualNanos, totalVirtualNanos, plan.variants().size(),
                        plan.variants().size());
                finish(State.DONE, wallNanos);
            } catch (ScenarioCancelledException e) {
                finish(State.CANCELLED, wallNanos);
            } catch (RuntimeException | Error e) {
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                error = m.replaceAll("\\s+", " ").strip();
                finish(State.FAILED, wallNanos);
            }
        }

        private void finish(State s, LongSupplier wallNanos) {
            endNanos = wallNanos.getAsLong();
            state = s;
        }

        State state() {
            return state;
        }

        Optional<ScenarioResult> result() {
            return Optional.ofNullable(result);
        }

        Status status(long nowNanos) {
            State s = state;
            Progress p = progress;
            long end = s == State.RUNNING ? nowNanos : endNanos;
            return new Status(id, plan.name(), s, p.fraction(), p.virtualNanosDone() / 1e9,
                    Math.max(0, end - startNanos) / 1e9, Optional.ofNullable(error));
        }
    }
}
