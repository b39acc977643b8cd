package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;

/** docs/xenstore.md "Permissions", checked inside the store. */
class PermissionsTest extends XsFixture {
    @Test
    void guestIsRefusedDom0Nodes() {
        XsConnection g = guest(1);
        assertErrno(Errno.EACCES, () -> g.read(0, "/local/domain/0/name"));
        assertErrno(Errno.EACCES, () -> g.write(0, "/local/domain/0/name", b("x")));
        assertErrno(Errno.EACCES, () -> g.write(0, "/tool/x", b("x")));
        assertErrno(Errno.EACCES, () -> g.directory(0, "/"));
    }

    @Test
    void guestReadsAndWritesItsHome() {
        XsConnection g = guest(1);
        g.write(0, "data/x", b("1"));
        assertThat(s(g.read(0, "/local/domain/1/data/x"))).isEqualTo("1");
        assertThat(g.getPerms(0, "data/x")).containsExactly("n1", "r0");
    }

    @Test
    void newNodeCopiesParentPermsAndUnprivilegedCreatorBecomesOwner() {
        dom0.mkdir(0, "/shared");
        dom0.setPerms(0, "/shared", List.of("n0", "b4"));
        guest(4).write(0, "/shared/a/b", b("v"));
        assertThat(dom0.getPerms(0, "/shared/a")).containsExactly("n4", "b4");
        assertThat(dom0.getPerms(0, "/shared/a/b")).containsExactly("n4", "b4");
        dom0.write(0, "/shared/byDom0", b("v"));
        assertThat(dom0.getPerms(0, "/shared/byDom0")).containsExactly("n0", "b4");
    }

    @Test
    void grantedGuestMayReadButNotWrite() {
        dom0.write(0, "/g", b("v"));
        dom0.setPerms(0, "/g", List.of("n0", "r2"));
        XsConnection g = guest(2);
        assertThat(s(g.read(0, "/g"))).isEqualTo("v");
        assertErrno(Errno.EACCES, () -> g.write(0, "/g", b("w")));
        assertErrno(Errno.EACCES, () -> guest(3).read(0, "/g"));
    }

    @Nested
    class ExistenceDoesNotLeak {
        @Test
        void missingNodeUnderUnreadableParentIsEacces() {
            XsConnection g = guest(1);
            assertErrno(Errno.EACCES, () -> g.read(0, "/local/domain/0/nope"));
        }

        @Test
        void missingNodeUnderReadableParentIsEnoent() {
            XsConnection g = guest(1);
            assertErrno(Errno.ENOENT, () -> g.read(0, "nope"));
        }

        @Test
        void deepMissingNodeAsksTheNearestExistingAncestor() {
            XsConnection g = guest(1);
            assertErrno(Errno.ENOENT, () -> g.read(0, "a/b/c"));
            assertErrno(Errno.EACCES, () -> g.read(0, "/tool/a/b"));
        }

        @Test
        void rmOfMissingNodeUnderUnwritableParentIsEacces() {
            dom0.mkdir(0, "/ro");
            dom0.setPerms(0, "/ro", List.of("r0"));
            assertErrno(Errno.EACCES, () -> guest(1).rm(0, "/ro/missing"));
        }
    }

    @Nested
    class SetPerms {
        @Test
        void ownerMaySetPermsOthersMayNot() {
            XsConnection g = guest(1);
            g.write(0, "x", b("1"));
            g.setPerms(0, "x", List.of("n1", "r2"));
            assertThat(g.getPerms(0, "x")).containsExactly("n1", "r2");
            dom0.setPerms(0, "/local/domain/1/x", List.of("n0", "b1"));
        }

        @Test
        void nonOwnerWithWriteAccessGetsEacces() {
            dom0.write(0, "/w", b("1"));
            dom0.setPerms(0, "/w", List.of("n0", "b1"));
            assertErrno(Errno.EACCES, () -> guest(1).setPerms(0, "/w", List.of("n0", "b1", "r2")));
        }

        @Test
        void unprivilegedChangingTheOwnerIsEperm() {
            XsConnection g = guest(1);
            g.write(0, "x", b("1"));
            assertErrno(Errno.EPERM, () -> g.setPerms(0, "x", List.of("n2")));
            assertThat(g.getPerms(0, "x")).containsExactly("n1", "r0");
        }

        @Test
        void privilegedMayChangeTheOwner() {
            dom0.write(0, "/o", b("1"));
            dom0.setPerms(0, "/o", List.of("n5"));
            assertThat(dom0.getPerms(0, "/o")).containsExactly("n5");
        }

        @Test
        void fewerThanOnePermOrMalformedIsEinval() {
            dom0.write(0, "/o", b("1"));
            assertErrno(Errno.EINVAL, () -> dom0.setPerms(0, "/o", List.of()));
            assertErrno(Errno.EINVAL, () -> dom0.setPerms(0, "/o", List.of("q1")));
        }

        @Test
        void moreThanFivePermsFromAGuestIsEnospcButDom0MaySetMore() {
            XsConnection g = guest(1);
            g.write(0, "x", b("1"));
            assertErrno(Errno.ENOSPC, () -> g.setPerms(0, "x", List.of("n1", "r2", "r3", "r4", "r5", "r6")));
            g.setPerms(0, "x", List.of("n1", "r2", "r3", "r4", "r5"));
            dom0.setPerms(0, "/local/domain/1/x", List.of("n1", "r2", "r3", "r4", "r5", "r6", "r7"));
        }

        @Test
        void specialPathsCarryPermissions() {
            dom0.setPerms(0, "@releaseDomain", List.of("n0", "r3"));
            assertThat(dom0.getPerms(0, "@releaseDomain")).containsExactly("n0", "r3");
            assertErrno(Errno.EACCES, () -> guest(3).setPerms(0, "@releaseDomain", List.of("n0")));
            assertErrno(Errno.EACCES, () -> guest(4).getPerms(0, "@releaseDomain"));
        }

        @Test
        void specialPathsAreNotNodes() {
            assertErrno(Errno.EINVAL, () -> dom0.read(0, "@introduceDomain"));
            assertErrno(Errno.EINVAL, () -> dom0.write(0, "@introduceDomain", b("x")));
        }
    }

    @Nested
    class Target {
        @Test
        void setTargetLetsADomainActAsItsTarget() {
            XsConnection g1 = guest(1);
            XsConnection stub = guest(2);
            g1.write(0, "device-model", b("x"));
            assertErrno(Errno.EACCES, () -> stub.read(0, "/local/domain/1/device-model"));
            dom0.setTarget(2, 1);
            assertThat(s(stub.read(0, "/local/domain/1/device-model"))).isEqualTo("x");
            stub.write(0, "/local/domain/1/dm-state", b("running"));
            // as in C, the creating connection's own domain owns what it creates
            assertThat(dom0.getPerms(0, "/local/domain/1/dm-state")).containsExactly("n2", "r0");
            assertThat(s(stub.read(0, "/local/domain/1/dm-state"))).isEqualTo("running");
        }

        @Test
        void domainManagementIsPrivilegedOnly() {
            XsConnection g = guest(1);
            assertErrno(Errno.EACCES, () -> g.setTarget(1, 0));
            assertErrno(Errno.EACCES, () -> g.introduce(9, 1, 1));
            assertErrno(Errno.EACCES, () -> g.release(1));
            assertErrno(Errno.EACCES, () -> g.resume(1));
            assertErrno(Errno.EACCES, () -> g.control(List.of("help")));
            assertErrno(Errno.EACCES, () -> g.isDomainIntroduced(1));
        }
    }
}
