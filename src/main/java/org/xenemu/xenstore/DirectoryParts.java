package org.xenemu.xenstore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.xenemu.xenstore.store.Node;

/**
 * DIRECTORY_PART (xs_wire.h type 22, C xenstored {@code send_directory_part}): the node's
 * generation and the part of the NUL-joined child list starting at byte {@code offset}, cut at a
 * name boundary so the reply stays within 4096 bytes; the last chunk ends with an extra NUL. An
 * offset at or past the end of the list is just that empty last name, as in C.
 */
final class DirectoryParts {
    private static final int PAYLOAD_MAX = 4096;

    private DirectoryParts() {
    }

    static XsConnection.DirectoryPart chunk(Node node, int offset) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < node.childCount(); i++) {
            all.writeBytes(node.child(i).getBytes(StandardCharsets.US_ASCII));
            all.write(0);
        }
        byte[] list = all.toByteArray();
        if (offset < 0 || offset >= list.length) {
            // C takes the offset as unsigned and answers an offset behind the list (-1 included)
            // with just the empty last name (measured on C xenstored 4.17)
            return new XsConnection.DirectoryPart(node.generation(), new byte[] {0});
        }
        int budget = PAYLOAD_MAX - (Long.toString(node.generation()).length() + 1) - 1;
        int end = offset;
        while (end < list.length) {
            int next = end;
            while (list[next] != 0) {
                next++;
            }
            next++;
            if (next - offset > budget) {
                break;
            }
            end = next;
        }
        boolean last = end == list.length;
        byte[] chunk = new byte[end - offset + (last ? 1 : 0)];
        System.arraycopy(list, offset, chunk, 0, end - offset);
        return new XsConnection.DirectoryPart(node.generation(), chunk);
    }
}
