package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xenemu.guest.MeminfoView;

/** The fallback meminfo of GET /domains/{id} must not spell a member differently from the guest's full view. */
class MeminfoSummaryTest {
    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    @Test
    void everyFallbackMemberIsNamedAsInTheFullView() {
        assertThat(names(MeminfoView.class)).containsAll(names(MeminfoSummary.class));
    }
}
