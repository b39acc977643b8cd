package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;

/** docs/xenstore.md "Tree and paths" and "Operations" through the facade. */
class OperationsTest extends XsFixture {
    @Nested
    class InitialTree {
        @Test
        void hasTheDocumentedNodesAllOwnedByDom0() {
            assertThat(dom0.directory(0, "/")).containsExactly("tool", "local");
            assertThat(dom0.directory(0, "/tool")).containsExactly("xenstored");
            assertThat(dom0.directory(0, "/local/domain/0")).containsExactly("name", "domid");
            assertThat(s(dom0.read(0, "/local/domain/0/name"))).isEqualTo("Domain-0");
            assertThat(s(dom0.read(0, "/local/domain/0/domid"))).isEqualTo("0");
            for (String p : List.of("/", "/tool", "/tool/xenstored", "/local", "/local/domain", "/local/domain/0")) {
                assertThat(dom0.getPerms(0, p)).containsExactly("n0");
            }
        }

        @Test
        void dom0IsIntroducedFromStart() {
            assertThat(xs.introducedDomains()).containsExactly(0);
            assertThat(dom0.isDomainIntroduced(0)).isTrue();
        }
    }

    @Nested
    class ReadWrite {
        @Test
        void writeCreatesMissingParentsWithEmptyValues() {
            dom0.write(0, "/a/b/c", b("v"));
            assertThat(dom0.read(0, "/a")).isEmpty();
            assertThat(dom0.read(0, "/a/b")).isEmpty();
            assertThat(s(dom0.read(0, "/a/b/c"))).isEqualTo("v");
        }

        @Test
        void valuesMayContainNulAndBeEmpty() {
            byte[] v = {1, 0, 2, 0};
            dom0.write(0, "/bin", v);
            assertThat(dom0.read(0, "/bin")).containsExactly(v);
            dom0.write(0, "/empty", new byte[0]);
            assertThat(dom0.read(0, "/empty")).isEmpty();
        }

        @Test
        void readOfMissingNodeIsEnoent() {
            assertErrno(Errno.ENOENT, () -> dom0.read(0, "/nope"));
        }

        @Test
        void relativePathsOfDom0ResolveToItsHome() {
            dom0.write(0, "rel/x", b("1"));
            assertThat(s(dom0.read(0, "/local/domain/0/rel/x"))).isEqualTo("1");
        }

        @Test
        void callerCannotChangeAValueAfterWriting() {
            byte[] v = b("abc");
            dom0.write(0, "/k", v);
            v[0] = 'z';
            dom0.read(0, "/k")[1] = 'z';
            assertThat(s(dom0.read(0, "/k"))).isEqualTo("abc");
        }
    }

    @Nested
    class Mkdir {
        @Test
        void createsNodeAndParents() {
            dom0.mkdir(0, "/m/n");
            assertThat(dom0.directory(0, "/m")).containsExactly("n");
        }

        @Test
        void existingNodeKeepsItsValue() {
            dom0.write(0, "/m", b("keep"));
            dom0.mkdir(0, "/m");
            assertThat(s(dom0.read(0, "/m"))).isEqualTo("keep");
        }
    }

    @Nested
    class Rm {
        @Test
        void removesTheSubtree() {
            dom0.write(0, "/r/a/b", b("1"));
            dom0.rm(0, "/r/a");
            assertThat(dom0.directory(0, "/r")).isEmpty();
            assertErrno(Errno.ENOENT, () -> dom0.read(0, "/r/a/b"));
        }

        @Test
        void rmOfMissingNodeWithExistingParentIsOk() {
            dom0.mkdir(0, "/r");
            dom0.rm(0, "/r/missing");
            assertThat(dom0.directory(0, "/r")).isEmpty();
            assertThat(dom0.read(0, "/r")).isEmpty();
            assertErrno(Errno.ENOENT, () -> dom0.read(0, "/r/missing"));
        }

        @Test
        void rmOfMissingNodeWithMissingParentIsEnoent() {
            assertErrno(Errno.ENOENT, () -> dom0.rm(0, "/nope/deeper"));
        }

        @Test
        void rmOfRootIsEinval() {
            assertErrno(Errno.EINVAL, () -> dom0.rm(0, "/"));
        }
    }

    @Nested
    class Directory {
        @Test
        void childrenAreInCreationOrder() {
            for (String n : List.of("z", "a", "m")) {
                dom0.mkdir(0, "/d/" + n);
            }
            dom0.rm(0, "/d/a");
            dom0.mkdir(0, "/d/a");
            assertThat(dom0.directory(0, "/d")).containsExactly("z", "m", "a");
        }

        @Test
        void directoryOver4096BytesIsE2bigButChildrenListsAll() {
            for (int i = 0; i < 500; i++) {
                dom0.mkdir(0, "/big/child-" + i);
            }
            assertErrno(Errno.E2BIG, () -> dom0.directory(0, "/big"));
            assertThat(dom0.children(0, "/big")).hasSize(500);
        }

        @Test
        void directoryPartChunksTheListAndEndsWithAnEmptyName() {
            for (int i = 0; i < 500; i++) {
                dom0.mkdir(0, "/big/child-" + i);
            }
            StringBuilder all = new StringBuilder();
            int offset = 0;
            long generation = -1;
            while (true) {
                XsConnection.DirectoryPart part = dom0.directoryPart(0, "/big", offset);
                generation = generation < 0 ? part.generation() : generation;
                assertThat(part.generation()).isEqualTo(generation);
                assertThat(part.chunk().length + Long.toString(generation).length() + 1).isLessThanOrEqualTo(4096);
                String chunk = new String(part.chunk());
                if (chunk.endsWith("\0\0") || chunk.equals("\0")) {
                    all.append(chunk, 0, chunk.length() - 1);
                    break;
                }
                all.append(chunk);
                offset += part.chunk().length;
            }
            String[] names = all.toString().split("\0");
            assertThat(names).hasSize(500).startsWith("child-0").endsWith("child-499");
        }

        @Test
        void directoryPartAtOrPastTheEndIsJustTheTerminatorAsInC() {
            dom0.write(0, "/dp/x", b("1"));
            dom0.write(0, "/dp/y", b("1"));
            long generation = dom0.directoryPart(0, "/dp", 0).generation();
            for (int offset : new int[] {4, 5, 100, Integer.MAX_VALUE, -1}) {
                XsConnection.DirectoryPart part = dom0.directoryPart(0, "/dp", offset);
                assertThat(part.generation()).isEqualTo(generation);
                assertThat(part.chunk()).as("offset %d", offset).containsExactly(0);
            }
        }

        @Test
        void directoryPartOfAChildlessNodeIsJustTheTerminator() {
            dom0.mkdir(0, "/leaf");
            assertThat(dom0.directoryPart(0, "/leaf", 0).chunk()).containsExactly(0);
        }
    }

    @Nested
    class DomainQueries {
        @Test
        void getDomainPath() {
            assertThat(dom0.getDomainPath(7)).isEqualTo("/local/domain/7");
        }

        @Test
        void controlHelpAndQuota() {
            assertThat(dom0.control(List.of("help"))).contains("quota");
            assertThat(dom0.control(List.of("quota"))).contains("nodes").contains("1000");
            assertThat(dom0.control(List.of("quota", "0"))).startsWith("Domain 0:");
            assertErrno(Errno.EINVAL, () -> dom0.control(List.of("bogus")));
        }

        /** Lines, order and layout as C xenstored 4.17 answers them (measured); memory is not a quota here. */
        @Test
        void controlQuotaListsTheSettingsInCsOrderAndLayout() {
            assertThat(dom0.control(List.of("quota"))).isEqualTo("""
                    Quota settings:
                    nodes            :     1000 Nodes per domain
                    watches          :      128 Watches per domain
                    transactions     :       10 Transactions per domain
                    outstanding      :       20 Outstanding requests per domain
                    transaction-nodes:     1024 Max. number of accessed nodes per transaction
                    memory           :        0 Total Xenstore memory per domain (error level)
                    node-size        :     2048 Max. size of a node
                    path-max         :     2048 Max. length of a node path
                    permissions      :        5 Max. number of permissions per node
                    """);
            assertThat(dom0.control(List.of("help"))).isEqualTo("quota\t[<domid>]\nhelp\t\n");
            assertErrno(Errno.EINVAL, () -> dom0.control(List.of("help", "x")));
        }

        @Test
        void controlQuotaOfADomainHasCsFiveLinesAndUnknownDomainsAreEnoent() {
            XsConnection g = guest(3);
            g.write(0, "data", b("12345"));
            g.watch("data", "tok");
            String report = dom0.control(List.of("quota", "3"));
            assertThat(report.lines()).hasSize(6);
            assertThat(report).startsWith("""
                    Domain 3:
                    nodes           :        2
                    watches         :        1
                    transactions    :        0
                    outstanding     :        0
                    memory          :""");
            assertThat(report).matches("(?s).*memory          : +[1-9][0-9]*\n");
            assertErrno(Errno.ENOENT, () -> dom0.control(List.of("quota", "5")));
            assertErrno(Errno.EINVAL, () -> dom0.control(List.of("quota", "0", "1")));
        }

        @Test
        void closedConnectionRefusesOperations() {
            XsConnection c = xs.connect(0, true, WatchSink.DISCARD);
            c.close();
            assertErrno(Errno.EIO, () -> c.read(0, "/"));
        }
    }
}
