package org.xenemu.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.EmulatedHost;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 16's refusals, through the door as the REST adapter uses it: a truncated file, another
 * version, a damaged body, JSON of the wrong shape, a snapshot naming an unknown NUMA node or
 * whose pages do not add up, a file past the maximum — each 400 EINVAL with a message that says
 * what is wrong, and the running host (and the data directory) unchanged.
 */
class SnapshotRefusalsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;
    EmulatedHost host;
    SnapshotFacade snapshots;
    byte[] good;
    int closed;

    @BeforeEach
    void host() {
        host = EmulatedHost.create(HostScript.settings());
        host.toolstack().create(Caller.DOM0, DomainSpec.pv("web", 65536).withStaticMaxKiB(131072)
                .withKernel(new KernelConfig(16384, true, false, 0, 50, KernelConfig.AUTO, KernelConfig.AUTO)));
        int pid = host.guests().createProcess(Caller.DOM0, 1, "app");
        host.guests().mmap(Caller.DOM0, 1, pid, new MmapRequest(MappingKind.ANONYMOUS, false, true, 8192, false, false));
        host.toolstack().setTarget(Caller.DOM0, 1, 40000);
        host.clock().advanceJiffies(Caller.DOM0, 3);
        snapshots = new SnapshotFacade(host, new SnapshotStore(data), () -> closed++, System::nanoTime);
        good = SnapshotFormat.write(host.capture());
    }

    /** Tries an upload and a restore of {@code file}: both EINVAL with {@code message}, nothing changed. */
    private void refused(byte[] file, String message) throws Exception {
        String before = SnapshotFormat.sha256(SnapshotFormat.write(host.capture()));
        assertThatThrownBy(() -> snapshots.upload(Caller.DOM0, "bad", file))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining(message);
        assertThat(Files.exists(data.resolve("bad.snapshot"))).isFalse();
        Files.createDirectories(data);
        Files.write(data.resolve("bad.snapshot"), file);
        assertThatThrownBy(() -> snapshots.restore(Caller.DOM0, "bad"))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining(message);
        assertThat(SnapshotFormat.sha256(SnapshotFormat.write(host.capture()))).isEqualTo(before);
        assertThat(closed).isZero();
        Files.delete(data.resolve("bad.snapshot"));
    }

    /** A file whose body is {@code edit} of the good one's, with a valid header and checksum. */
    private byte[] crafted(UnaryOperator<ObjectNode> edit) {
        ObjectNode body = (ObjectNode) JSON.readTree(SnapshotFormat.json(host.capture()));
        ObjectNode edited = edit.apply(body);
        var state = host.capture();
        return SnapshotFormat.file(JSON.writeValueAsBytes(edited), state.jiffies(), state.uptimeNanos(),
                state.settings().hz(), state.domains().size());
    }

    private static ObjectNode domain(ObjectNode body, int index) {
        return (ObjectNode) body.get("domains").get(index);
    }

    @Test
    void theGoodFileIsTakenAndRestored() {
        SnapshotFacade.Saved saved = snapshots.upload(Caller.DOM0, "good", good);
        assertThat(saved.bytes()).isEqualTo(good.length);
        snapshots.restore(Caller.DOM0, "good");
        assertThat(closed).isEqualTo(1);
        assertThat(host.clock().read().mode().wireName()).isEqualTo("manual");
    }

    @Nested
    class TheFileItself {
        @Test
        void truncated() throws Exception {
            refused(Arrays.copyOf(good, good.length - 100), "truncated at byte " + (good.length - 100));
            refused(Arrays.copyOf(good, 10), "truncated at byte 10");
            refused(Arrays.copyOf(good, 30), "truncated at byte 30: the file ends inside its header");
        }

        @Test
        void anotherVersion() throws Exception {
            byte[] v2 = new String(good, StandardCharsets.ISO_8859_1).replaceFirst("xenemu-snapshot 1\n",
                    "xenemu-snapshot 2\n").getBytes(StandardCharsets.ISO_8859_1);
            refused(v2, "snapshot format version 2, this xenemu reads 1");
        }

        @Test
        void notASnapshot() throws Exception {
            refused("{\"name\":\"x\"}".getBytes(StandardCharsets.US_ASCII), "not a xenemu snapshot");
            refused(new byte[0], "truncated at byte 0");
        }

        @Test
        void aDamagedBody() throws Exception {
            byte[] damaged = good.clone();
            damaged[damaged.length - 40] ^= 0x55;
            refused(damaged, "checksum mismatch");
        }

        @Test
        void bytesAfterTheBody() throws Exception {
            byte[] longer = Arrays.copyOf(good, good.length + 3);
            refused(longer, "3 bytes follow the end of the body");
        }

        @Test
        void aHundredMegabytes() {
            byte[] huge = new byte[100 << 20];
            assertThatThrownBy(() -> snapshots.upload(Caller.DOM0, "huge", huge))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                    .hasMessageContaining("at most " + SnapshotFacade.MAX_FILE_BYTES + " bytes");
        }
    }

    @Nested
    class TheBody {
        @Test
        void wrongJson() throws Exception {
            var state = host.capture();
            refused(SnapshotFormat.file("[1,2,3]".getBytes(StandardCharsets.US_ASCII), state.jiffies(),
                    state.uptimeNanos(), state.settings().hz(), 1), "the body does not fit format version 1");
            refused(SnapshotFormat.file("{\"settings\":".getBytes(StandardCharsets.US_ASCII), state.jiffies(),
                    state.uptimeNanos(), state.settings().hz(), 1), "the body");
        }

        @Test
        void anUnknownMember() throws Exception {
            refused(crafted(b -> b.put("colour", "blue")), "colour");
        }

        @Test
        void aMissingMemberIsNamedWithItsPath() throws Exception {
            refused(crafted(b -> {
                domain(b, 1).withObject("balloon").remove("targetPages");
                return b;
            }), "$.domains[1].balloon");
        }

        @Test
        void anUnknownNumaNode() throws Exception {
            refused(crafted(b -> {
                domain(b, 1).put("homeNode", 5);
                ((ObjectNode) b.get("host").get("accounts").get(1)).put("homeNode", 5);
                return b;
            }), "domain 1 has home node 5, the host has 2 nodes (0..1)");
        }

        @Test
        void pagesNotConserved() throws Exception {
            refused(crafted(b -> {
                ArrayNode free = (ArrayNode) b.get("host").get("free");
                free.set(0, free.get(0).asLong() + 1);
                return b;
            }), "node 0 pages do not add up");
            refused(crafted(b -> {
                ObjectNode kernel = domain(b, 1).withObject("kernel");
                kernel.put("currentPages", kernel.get("currentPages").asLong() - 1);
                return b;
            }), "domain 1: pages not conserved");
        }

        @Test
        void aDomainTheXenstoreDoesNotKnow() throws Exception {
            refused(crafted(b -> {
                ((ObjectNode) b.get("xenstore").get("introduced")).remove("1");
                return b;
            }), "domain 1 is not introduced to xenstore");
        }

        @Test
        void aMappingNamingNoSegment() throws Exception {
            refused(crafted(b -> {
                JsonNode mapping = domain(b, 1).get("guest").get("workload").get("processes").get(0)
                        .get("mappings").get(0);
                ((ObjectNode) mapping).put("segment", 9);
                return b;
            }), "mapping 1 names segment 9");
        }

        @Test
        void aXenstoreNodeBeforeItsParent() throws Exception {
            refused(crafted(b -> {
                ArrayNode nodes = (ArrayNode) b.get("xenstore").get("nodes");
                JsonNode last = nodes.remove(nodes.size() - 1);
                nodes.insert(1, last);
                return b;
            }), "does not come before it");
        }

        @Test
        void anotherClockRate() throws Exception {
            refused(crafted(b -> {
                ((ObjectNode) b.get("settings")).put("hz", 100);
                return b;
            }), "damaged: the header and the body disagree");
        }

        @Test
        void aReadyReservationWhosePagesTheHostDoesNotHold() throws Exception {
            refused(crafted(b -> {
                ObjectNode r = JSON.createObjectNode();
                r.put("id", "r9").put("requestKiB", 4096).putNull("requestMinKiB").putNull("requestMaxKiB")
                        .put("requestedJiffies", 0).put("state", "READY").put("kib", 4096).putNull("errno")
                        .putNull("reason").putNull("domids").putNull("names").putNull("neededKiB").putNull("freeKiB")
                        .putNull("detail").put("domid", -1).put("settledJiffies", 1);
                b.withObject("balancer").withArray("reservations").add(r);
                return b;
            }), "balancer: the ready reservations [r9] are not those the host holds pages for []");
        }

        @Test
        void aSqueezedCallUnderAnotherPolicy() throws Exception {
            refused(crafted(b -> {
                ObjectNode run = JSON.createObjectNode();
                run.put("call", "BALANCE").put("requestedKiB", 0).put("rangeMaxKiB", 0).put("requiredKiB", 73728)
                        .put("started", false).put("lastStepNanos", Long.MIN_VALUE).put("nextStepAtNanos", 0)
                        .putNull("lastIteration").put("iterations", 0);
                run.putArray("nonActive");
                run.putArray("stuckness");
                b.withObject("balancer").set("run", run);
                return b;
            }), "balancer: a squeezed call in progress under policy none");
        }

        @Test
        void twoTimersInOnePlace() throws Exception {
            refused(crafted(b -> {
                JsonNode worker = domain(b, 0).get("guest").get("publisher").get("periodic");
                domain(b, 1).withObject("guest").withObject("publisher").set("periodic", worker.deepCopy());
                return b;
            }), "is repeated or not below the scheduler's next");
        }
    }

    @Test
    void theListShowsGoodAndBadFiles() throws Exception {
        snapshots.upload(Caller.DOM0, "good", good);
        Files.write(data.resolve("junk.snapshot"), new byte[] {1, 2, 3});
        List<SnapshotFacade.Listed> list = snapshots.list(Caller.DOM0);
        assertThat(list).extracting(SnapshotFacade.Listed::name).containsExactly("good", "junk");
        assertThat(list.get(0).domains()).isEqualTo(2);
        assertThat(list.get(1).error()).contains("not a xenemu snapshot");
    }

    @Test
    void onlyDom0() {
        assertThatThrownBy(() -> snapshots.save(Caller.guest(1, true), "x"))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
    }
}
