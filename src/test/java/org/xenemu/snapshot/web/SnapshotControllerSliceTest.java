package org.xenemu.snapshot.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.snapshot.SnapshotFacade;
import org.xenemu.web.ControllerSlice;

@WebMvcTest(SnapshotController.class)
@ControllerSlice
class SnapshotControllerSliceTest {
    @Autowired
    MockMvc mvc;
    @MockitoBean
    SnapshotFacade snapshots;

    @Test
    void savingAnswers201WithNameJiffiesAndBytes() throws Exception {
        when(snapshots.save(Caller.DOM0, "baseline")).thenReturn(new SnapshotFacade.Saved("baseline", 2500, 1234));
        mvc.perform(post("/api/v1/snapshots").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"baseline\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/snapshots/baseline"))
                .andExpect(content().json("{\"name\":\"baseline\",\"jiffies\":2500,\"bytes\":1234}",
                        JsonCompareMode.STRICT));
    }

    @Test
    void theListNamesEveryFile() throws Exception {
        when(snapshots.list(Caller.DOM0)).thenReturn(List.of(
                new SnapshotFacade.Listed("a", 10, 5L, 20_000_000L, 3, 1, "0.3.0", null),
                new SnapshotFacade.Listed("broken", 3, null, null, null, null, null, "not a xenemu snapshot")));
        mvc.perform(get("/api/v1/snapshots"))
                .andExpect(status().isOk())
                .andExpect(content().json("[{\"name\":\"a\",\"bytes\":10,\"jiffies\":5,\"uptimeNanos\":20000000,"
                        + "\"domains\":3,\"formatVersion\":1,\"xenemuVersion\":\"0.3.0\"},"
                        + "{\"name\":\"broken\",\"bytes\":3,\"error\":\"not a xenemu snapshot\"}]", JsonCompareMode.STRICT));
    }

    @Test
    void theFileComesBackAsBytes() throws Exception {
        when(snapshots.file(Caller.DOM0, "a")).thenReturn(new byte[] {1, 2, 3});
        mvc.perform(get("/api/v1/snapshots/a"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"a.snapshot\""))
                .andExpect(content().contentType(MediaType.APPLICATION_OCTET_STREAM))
                .andExpect(content().bytes(new byte[] {1, 2, 3}));
    }

    @Test
    void anUploadIsHandedOverWhole() throws Exception {
        byte[] file = "xenemu-snapshot 1\n".getBytes();
        when(snapshots.upload(Caller.DOM0, "up", file)).thenReturn(new SnapshotFacade.Saved("up", 7, file.length));
        mvc.perform(put("/api/v1/snapshots/up").contentType(MediaType.APPLICATION_OCTET_STREAM).content(file))
                .andExpect(status().isCreated())
                .andExpect(content().json("{\"name\":\"up\",\"jiffies\":7,\"bytes\":18}", JsonCompareMode.STRICT));
    }

    @Test
    void restoreAndDeleteAnswer204() throws Exception {
        mvc.perform(post("/api/v1/snapshots/a/restore")).andExpect(status().isNoContent());
        verify(snapshots).restore(Caller.DOM0, "a");
        mvc.perform(delete("/api/v1/snapshots/a")).andExpect(status().isNoContent());
        verify(snapshots).delete(Caller.DOM0, "a");
    }

    @Nested
    class Refusals {
        @Test
        void aSaveWithoutANameIsEinval() throws Exception {
            expectProblem(mvc.perform(post("/api/v1/snapshots").contentType(MediaType.APPLICATION_JSON).content("{}")),
                    400, "EINVAL", "name: required", "/api/v1/snapshots");
            verifyNoInteractions(snapshots);
        }

        @Test
        void anUnknownMemberIsEinval() throws Exception {
            mvc.perform(post("/api/v1/snapshots").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"a\",\"nmae\":\"b\"}"))
                    .andExpect(status().isBadRequest());
            verifyNoInteractions(snapshots);
        }

        @Test
        void aGuestIsEacces() throws Exception {
            when(snapshots.list(any())).thenThrow(XenException.accessDenied("only dom0 may save, read or restore snapshots"));
            expectProblem(mvc.perform(get("/api/v1/snapshots").header("X-Xen-Domid", "3")), 403, "EACCES",
                    "only dom0 may save, read or restore snapshots", "/api/v1/snapshots");
        }

        @Test
        void aGuestUploadIsEaccesBeforeTheBodyIsRead() throws Exception {
            expectProblem(mvc.perform(put("/api/v1/snapshots/x").header("X-Xen-Domid", "3")
                            .contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[10])),
                    403, "EACCES", "only dom0 may upload snapshots", "/api/v1/snapshots/x");
            verifyNoInteractions(snapshots);
        }

        @Test
        void aTakenNameIsEexist() throws Exception {
            when(snapshots.save(any(), anyString()))
                    .thenThrow(XenException.of(Errno.EEXIST, "snapshot a exists; delete it first"));
            expectProblem(mvc.perform(post("/api/v1/snapshots").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"a\"}")), 409, "EEXIST", "snapshot a exists; delete it first",
                    "/api/v1/snapshots");
        }

        @Test
        void aNameWithAPathIsEinval() throws Exception {
            mvc.perform(put("/api/v1/snapshots/..").contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[1]))
                    .andExpect(status().is4xxClientError());
            expectProblem(mvc.perform(put("/api/v1/snapshots/.hidden").contentType(MediaType.APPLICATION_OCTET_STREAM)
                            .content(new byte[1])), 400, "EINVAL",
                    "a snapshot name is 1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit, "
                            + "without '..'", "/api/v1/snapshots/.hidden");
            verifyNoInteractions(snapshots);
        }

        @Test
        void anUploadAboveTheMaximumIsEinvalUnread() throws Exception {
            expectProblem(mvc.perform(put("/api/v1/snapshots/big").contentType(MediaType.APPLICATION_OCTET_STREAM)
                            .content(new byte[SnapshotFacade.MAX_FILE_BYTES + 1])),
                    400, "EINVAL", "a snapshot file is at most " + SnapshotFacade.MAX_FILE_BYTES + " bytes",
                    "/api/v1/snapshots/big");
            verifyNoInteractions(snapshots);
        }

        @Test
        void anotherVersionIsEinvalSayingSo() throws Exception {
            when(snapshots.upload(any(), anyString(), any()))
                    .thenThrow(XenException.invalid("snapshot format version 2, this xenemu reads 1"));
            expectProblem(mvc.perform(put("/api/v1/snapshots/v2").contentType(MediaType.APPLICATION_OCTET_STREAM)
                            .content("xenemu-snapshot 2\n".getBytes())), 400, "EINVAL",
                    "snapshot format version 2, this xenemu reads 1", "/api/v1/snapshots/v2");
        }

        @Test
        void restoringAnUnknownNameIsEnoent() throws Exception {
            when(snapshots.restore(any(), anyString())).thenThrow(XenException.notFound("no snapshot nope"));
            expectProblem(mvc.perform(post("/api/v1/snapshots/nope/restore")), 404, "ENOENT", "no snapshot nope",
                    "/api/v1/snapshots/nope/restore");
        }
    }
}
