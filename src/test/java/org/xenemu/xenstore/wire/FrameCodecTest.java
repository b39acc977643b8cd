package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void readRequestEncodesAsCapturedFromLibxenstore() {
        // header captured from xenstore-read: type 2, req 0, tx 0, len 0x15
        Frame f = new Frame(XsType.READ, 0, 0, WireTestClient.b("/local/domain/0/name\0"));
        assertThat(HEX.formatHex(f.encode()).substring(0, 32)).isEqualTo("02000000000000000000000015000000");
    }

    @Test
    void headerFieldsAreLittleEndianUnsigned() {
        Frame f = new Frame(XsType.TRANSACTION_END, 0x01020304, 0xFFFFFFFE, WireTestClient.b("T\0"));
        assertThat(HEX.formatHex(f.encode())).isEqualTo("07000000" + "04030201" + "feffffff" + "02000000" + "5400");
        assertThat(f.txIdUnsigned()).isEqualTo(4294967294L);
    }

    @Test
    void decoderWaitsForSplitHeaderAndPayload() throws Exception {
        byte[] bytes = new Frame(XsType.WRITE, 7, 3, WireTestClient.b("/a\0v")).encode();
        ByteBuffer in = ByteBuffer.allocate(64);
        for (int i = 0; i < bytes.length - 1; i++) {
            in.put(bytes[i]).flip();
            assertThat(FrameDecoder.next(in)).isEmpty();
            in.compact();
        }
        in.put(bytes[bytes.length - 1]).flip();
        assertThat(FrameDecoder.next(in)).contains(new Frame(XsType.WRITE, 7, 3, WireTestClient.b("/a\0v")));
        assertThat(in.remaining()).isZero();
    }

    @Test
    void decoderCutsPipelinedFrames() throws Exception {
        ByteBuffer in = ByteBuffer.allocate(128);
        in.put(new Frame(XsType.READ, 1, 0, WireTestClient.b("a\0")).encode());
        in.put(new Frame(XsType.READ, 2, 0, new byte[0]).encode());
        in.flip();
        assertThat(FrameDecoder.next(in).orElseThrow().reqId()).isEqualTo(1);
        assertThat(FrameDecoder.next(in).orElseThrow().payload()).isEmpty();
        assertThat(FrameDecoder.next(in)).isEmpty();
    }

    @Test
    void payloadOf4096IsAcceptedAnd4097IsRefused() throws Exception {
        ByteBuffer in = ByteBuffer.allocate(8192).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        in.putInt(11).putInt(0).putInt(0).putInt(4096).put(new byte[4096]).flip();
        assertThat(FrameDecoder.next(in)).isPresent();
        ByteBuffer big = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        big.putInt(11).putInt(0).putInt(0).putInt(4097).flip();
        assertThatThrownBy(() -> FrameDecoder.next(big)).isInstanceOf(FrameDecoder.FrameTooLongException.class);
        ByteBuffer huge = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        huge.putInt(11).putInt(0).putInt(0).putInt(-1).flip();
        assertThatThrownBy(() -> FrameDecoder.next(huge)).isInstanceOf(FrameDecoder.FrameTooLongException.class);
    }

    @Test
    void watchEventIsPathNulTokenNulWithZeroIds() {
        assertThat(HEX.formatHex(Frame.watchEvent("/a", "tk").encode()))
            .isEqualTo("0f000000" + "00000000" + "00000000" + "06000000" + "2f6100" + "746b00");
    }

    @Test
    void errorCarriesRequestIdsAndNulTerminatedName() {
        Frame req = new Frame(XsType.READ, 9, 4, WireTestClient.b("/x\0"));
        assertThat(HEX.formatHex(req.error("ENOENT").encode()))
            .isEqualTo("10000000" + "09000000" + "04000000" + "07000000" + "454e4f454e5400");
    }

    @Test
    void atoiFollowsC() {
        assertThat(WireArgs.atoi("5abc")).isEqualTo(5);
        assertThat(WireArgs.atoi(" 7")).isEqualTo(7);
        assertThat(WireArgs.atoi("abc")).isZero();
        assertThat(WireArgs.atoi("-3")).isEqualTo(-3);
        assertThat(WireArgs.atoi("")).isZero();
    }
}
