package org.xenemu.xenstore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.XsFixture.assertErrno;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xenemu.error.Errno;

class XsPathTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "//", "/a//b", "/a/", "/a b", "/a.b", "/ä", "/a\u0000b", "/a:b", "/a*"})
    void malformedPathsAreEinval(String path) {
        assertErrno(Errno.EINVAL, () -> XsPath.canonical(path, 0, false, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a-b_c@d/E9", "/local/domain/0"})
    void wellFormedAbsolutePathsAreKept(String path) {
        assertThat(XsPath.canonical(path, 7, false, 0)).isEqualTo(path);
    }

    @Test
    void relativePathsResolveAgainstTheHome() {
        assertThat(XsPath.canonical("memory/target", 3, false, 0)).isEqualTo("/local/domain/3/memory/target");
    }

    @Test
    void specialPathsOnlyWhereAllowed() {
        assertThat(XsPath.canonical("@introduceDomain", 0, true, 0)).isEqualTo("@introduceDomain");
        assertErrno(Errno.EINVAL, () -> XsPath.canonical("@introduceDomain", 0, false, 0));
        assertErrno(Errno.EINVAL, () -> XsPath.canonical("@other", 0, true, 0));
    }

    @Test
    void absolutePathLimitIs3072Bytes() {
        String ok = "/" + "a".repeat(3071);
        assertThat(XsPath.canonical(ok, 0, false, 0)).isEqualTo(ok);
        assertErrno(Errno.EINVAL, () -> XsPath.canonical(ok + "a", 0, false, 0));
    }

    @Test
    void pathMaxQuotaCountsThePartBelowTheDomainHome() {
        String below = "a".repeat(10);
        assertThat(XsPath.canonical("/local/domain/5/" + below, 5, false, 10)).endsWith(below);
        assertErrno(Errno.EINVAL, () -> XsPath.canonical("/local/domain/5/" + below + "b", 5, false, 10));
        assertErrno(Errno.EINVAL, () -> XsPath.canonical("/" + below + "b", 5, false, 11));
    }

    @Test
    void parentAndName() {
        assertThat(XsPath.parent("/a")).isEqualTo("/");
        assertThat(XsPath.parent("/a/b")).isEqualTo("/a");
        assertThat(XsPath.name("/a/b")).isEqualTo("b");
        assertThat(XsPath.child("/", "a")).isEqualTo("/a");
    }
}
