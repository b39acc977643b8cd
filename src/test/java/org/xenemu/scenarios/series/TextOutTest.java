package org.xenemu.scenarios.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The one number format: no locale, no grouping, exact seconds, fixed millionths. */
class TextOutTest {
    private static String write(java.util.function.Consumer<TextOut> w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextOut out = new TextOut(bytes);
        w.accept(out);
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void numbersAreTheSameWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertThat(write(o -> o.number(1_234_567).ascii(' ').number(-42).ascii(' ').number(Long.MIN_VALUE)))
                    .isEqualTo("1234567 -42 -9223372036854775808");
            assertThat(write(o -> o.seconds(90_500_000_000L).ascii(' ').seconds(4_000_000).ascii(' ').seconds(0)))
                    .isEqualTo("90.5 0.004 0");
            assertThat(write(o -> o.micros(523_100).ascii(' ').micros(1_000_000).ascii(' ').micros(-5)))
                    .isEqualTo("0.523100 1.000000 -0.000005");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void everyNumberIsWhatLongToStringWrites() {
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, 9L, 10L, 99L, 100L, 101L,
                Long.MAX_VALUE, Long.MIN_VALUE, -Long.MAX_VALUE, -1L, -10L));
        for (long p = 10; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            values.addAll(java.util.List.of(p - 1, p, p + 1, -(p - 1), -p));
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        StringBuilder expected = new StringBuilder();
        values.forEach(v -> expected.append(v).append(','));
        assertThat(write(o -> values.forEach(v -> o.number(v).ascii(',')))).isEqualTo(expected.toString());
    }

    @Test
    void jsonEscapesWhatWouldBreakAnHtmlScriptElement() {
        String json = write(o -> new JsonOut(o).beginObject().name("a</script>").value("x\"\\\n\u2028&")
                .name("n").value(new BigDecimal("1E+3")).name("r").raw("{\"k\":\"<b>\"}").endObject());
        assertThat(json).isEqualTo("{\"a\\u003c/script\\u003e\":\"x\\\"\\\\\\n\\u2028\\u0026\","
                + "\"n\":1000,\"r\":{\"k\":\"\\u003cb\\u003e\"}}");
    }
}
