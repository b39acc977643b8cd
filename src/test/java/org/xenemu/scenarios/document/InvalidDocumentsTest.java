package org.xenemu.scenarios.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xenemu.scenarios.document.Documents.MINIMAL;
import static org.xenemu.scenarios.document.Documents.jsonRefusedAt;
import static org.xenemu.scenarios.document.Documents.refusedAt;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenemu.error.Errno;

/** Every refusal names the field (as the HTTP answer and the CLI's one line will) and runs nothing. */
class InvalidDocumentsTest {
    private static final String WEB = MINIMAL + "domains:\n  - {name: web, count: 3, memoryKiB: 262144, staticMaxKiB: 524288}\n";

    @Nested
    class Size {
        @Test
        void aFiftyMegabyteDocumentIsRefusedBeforeItIsParsed() {
            byte[] big = new byte[50 * 1024 * 1024];
            Arrays.fill(big, (byte) ' ');
            assertThatThrownBy(() -> ScenarioParser.parse(big, ScenarioFormat.JSON))
                    .isInstanceOf(InvalidScenarioException.class).hasFieldOrPropertyWithValue("field", "document")
                    .hasMessageContaining("larger than 1048576 bytes");
        }

        @Test
        void aStreamIsReadNoFurtherThanOneByteBeyondTheLimit() {
            AtomicLong read = new AtomicLong();
            InputStream endless = new InputStream() {
                @Override
                public int read() {
                    read.incrementAndGet();
                    return ' ';
                }
            };
            assertThatThrownBy(() -> ScenarioParser.parse(endless, ScenarioFormat.YAML))
                    .isInstanceOf(InvalidScenarioException.class).hasFieldOrPropertyWithValue("field", "document");
            assertThat(read.get()).isEqualTo(Limits.MAX_DOCUMENT_BYTES + 1);
        }

        @Test
        void aFileIsMeasuredBeforeItIsRead(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("big.yaml");
            try (var ch = Files.newByteChannel(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
                ch.position(50L * 1024 * 1024);
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
            }
            assertThatThrownBy(() -> ScenarioParser.parse(file)).isInstanceOf(InvalidScenarioException.class)
                    .hasFieldOrPropertyWithValue("field", "document");
        }

        @Test
        void aDocumentAtTheLimitIsParsed() throws Exception {
            String body = MINIMAL;
            byte[] doc = (body + "#".repeat(Limits.MAX_DOCUMENT_BYTES - body.length() - 1) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(doc).hasSize(Limits.MAX_DOCUMENT_BYTES);
            assertThat(ScenarioParser.parse(new ByteArrayInputStream(doc), ScenarioFormat.YAML)).isNotNull()
                    .satisfies(p -> assertThat(p.name()).isEqualTo("t"));
        }
    }

    @Nested
    class Syntax {
        @Test
        void aKeyGivenTwiceIsRefusedAtThatKey() {
            refusedAt("domains[0].name", MINIMAL + "domains:\n  - name: a\n    memoryKiB: 1\n    name: b\n")
                    .hasMessageContaining("duplicate key");
            jsonRefusedAt("host.nodes", "{\"name\":\"t\",\"duration\":\"1h\",\"host\":{\"nodes\":1,\"nodes\":2}}");
        }

        @Test
        void trailingGarbageAndASecondYamlDocumentAreRefused() {
            jsonRefusedAt("document", "{\"name\":\"t\",\"duration\":\"1h\"} {}");
            jsonRefusedAt("document", "{\"name\":\"t\",\"duration\":\"1h\"} x");
            refusedAt("document", MINIMAL + "---\nname: u\n").hasMessageContaining("more than one YAML document");
        }

        @Test
        void syntaxErrorsAreOneLineWithTheirPlace() {
            jsonRefusedAt("host", "{\"name\":\"t\",\"duration\":\"1h\",\"host\":{\"nodes\":2,}}")
                    .hasMessageNotContaining("\n").hasMessageContaining("line 1");
            refusedAt("domains[0]", MINIMAL + "domains: [{name: a\n").hasMessageNotContaining("\n")
                    .hasMessageContaining("line");
        }

        @Test
        void yamlAnchorsAndAliasesAreRefusedRatherThanReadAsStrings() {
            refusedAt("domains[0]", MINIMAL + "domains:\n  - &w {name: a, memoryKiB: 65536}\n  - *w\n")
                    .hasMessageContaining("anchor or alias");
            refusedAt("domains[1].memoryKiB", MINIMAL + "domains:\n  - {name: a, memoryKiB: 65536}\n"
                    + "  - {name: b, memoryKiB: *m}\n").hasMessageContaining("anchor or alias");
        }

        @Test
        void anEmptyDocumentOrOneThatIsNotAnObjectIsRefused() {
            refusedAt("document", "").hasMessageContaining("empty");
            refusedAt("document", "# only a comment\n").hasMessageContaining("empty");
            refusedAt("document", "- 1\n- 2\n").hasMessageContaining("must be an object");
            jsonRefusedAt("document", "\"scenario\"");
        }

        @Test
        void deepNestingIsRefused() {
            assertThatThrownBy(() -> Documents.json("{\"name\":\"t\",\"duration\":\"1h\",\"host\":{\"balancer\":"
                    + "[".repeat(40) + "]".repeat(40) + "}}")).isInstanceOf(InvalidScenarioException.class)
                    .hasMessageStartingWith("host.balancer[0][0]").hasMessageContaining("nested more than 32 levels");
        }
    }

    @Nested
    class Types {
        @Test
        void anUnknownMemberIsRefusedListingTheKnownOnes() {
            refusedAt("durations", MINIMAL + "durations: 2h\n").hasMessageContaining("unknown field")
                    .hasMessageContaining("name, seed, duration");
            refusedAt("domains[0].kernel.swapKib", MINIMAL + "domains: [{name: a, memoryKiB: 1, kernel: {swapKib: 1}}]");
            refusedAt("host.balancer.interval", MINIMAL + "host: {balancer: {policy: squeezed, interval: 5}}");
        }

        @Test
        void aStringWhereANumberBelongsIsRefused() {
            refusedAt("domains[0].memoryKiB", MINIMAL + "domains: [{name: a, memoryKiB: '262144'}]")
                    .hasMessageContaining("must be an integer, not the string \"262144\"");
            refusedAt("seed", MINIMAL + "seed: forty-two\n");
        }

        @Test
        void aFractionWhereAnIntegerBelongsIsRefusedEvenWhenItIsWhole() {
            refusedAt("domains[0].memoryKiB", MINIMAL + "domains: [{name: a, memoryKiB: 1.5}]")
                    .hasMessageContaining("must be an integer (no fraction or exponent), not 1.5");
            refusedAt("domains[0].memoryKiB", MINIMAL + "domains: [{name: a, memoryKiB: 262144.0}]");
            jsonRefusedAt("seed", "{\"name\":\"t\",\"duration\":\"1h\",\"seed\":1e3}");
        }

        @Test
        void aNumberOrAListWhereAStringBelongsIsRefused() {
            refusedAt("name", "name: 5\nduration: 1h\n").hasMessageContaining("must be a string, not 5");
            refusedAt("domains[0].type", MINIMAL + "domains: [{name: a, memoryKiB: 1, type: [PV]}]");
        }

        @Test
        void nullIsRefusedRatherThanReadAsAbsent() {
            refusedAt("sample", MINIMAL + "sample: null\n").hasMessageContaining("leave it out");
            jsonRefusedAt("host", "{\"name\":\"t\",\"duration\":\"1h\",\"host\":null}");
        }

        @Test
        void yamlWordsThatOtherReadersTakeForBooleansAreNotBooleans() {
            refusedAt("domains[0].kernel.tmem", MINIMAL + "domains: [{name: a, memoryKiB: 1, kernel: {tmem: yes}}]")
                    .hasMessageContaining("must be true or false");
        }

        @Test
        void numbersOutOfRangeAreRefusedWithTheRange() {
            refusedAt("seed", MINIMAL + "seed: 99999999999999999999\n").hasMessageContaining("must be between");
            refusedAt("host.nodes", MINIMAL + "host: {nodes: 0}\n").hasMessageContaining("between 1 and 64, not 0");
            refusedAt("domains[0].kernel.overcommitMemory",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1, kernel: {overcommitMemory: 3}}]");
        }
    }

    @Nested
    class DurationsAndTimes {
        @Test
        void aStringWithoutAUnitIsRefusedAndTheFixIsSuggested() {
            refusedAt("duration", "name: t\nduration: '90'\n").hasMessageContaining("has no unit; write 90s");
            jsonRefusedAt("sample", "{\"name\":\"t\",\"duration\":\"1h\",\"sample\":\"60\"}");
        }

        @Test
        void unknownUnitsSignsSpacesAndCompoundsAreRefused() {
            for (String bad : new String[] {"1w", "-5s", "5 s", "1h30m", "s", "1e3s", "5S"}) {
                refusedAt("sample", MINIMAL + "sample: '" + bad + "'\n").as(bad).hasMessageContaining("is not a duration");
            }
        }

        @Test
        void negativeAndSubMillisecondNumbersAreRefused() {
            refusedAt("sample", MINIMAL + "sample: -1\n").hasMessageContaining("must not be negative");
            refusedAt("sample", MINIMAL + "sample: 0.0001\n").hasMessageContaining("millisecond");
            refusedAt("sample", MINIMAL + "sample: 1.0005s\n").hasMessageContaining("millisecond");
        }

        @Test
        void theDurationIsBoundedAndTheSampleFitsInIt() {
            refusedAt("duration", "name: t\nduration: 400d\n");
            refusedAt("duration", "name: t\nduration: 0s\n");
            refusedAt("sample", MINIMAL + "sample: 2h\n").hasMessageContaining("must be between 1ms and 1h");
        }

        @Test
        void theMissingDurationIsNamed() {
            refusedAt("duration", "name: t\n").hasMessageContaining("is required");
        }
    }

    @Nested
    class Workloads {
        private String with(String workload) {
            return MINIMAL + "domains: [{name: a, memoryKiB: 65536, workload: [{kind: constant, kib: 1}, " + workload + "]}]\n";
        }

        @Test
        void anUnknownKindIsRefusedListingTheKinds() {
            refusedAt("domains[0].workload[1].kind", with("{kind: sawtooth, kib: 1}"))
                    .hasMessageContaining("unknown kind \"sawtooth\" (one of constant, daily, spikes, ramp, random-walk)");
            refusedAt("domains[0].workload[1].kind", with("{kib: 1}")).hasMessageContaining("is required");
        }

        @Test
        void negativeSizesAreRefused() {
            refusedAt("domains[0].workload[1].kib", with("{kind: constant, kib: -1}"))
                    .hasMessageContaining("must not be negative");
            refusedAt("domains[0].workload[1].stepKiB", with("{kind: random-walk, kib: 1, stepKiB: -4096, every: 5m}"));
            refusedAt("domains[0].workload[1].baseKiB", with("{kind: daily, baseKiB: -1, amplitude: 0.5, peakAt: 1h}"));
        }

        @Test
        void aMemberOfAnotherKindIsRefused() {
            refusedAt("domains[0].workload[1].amplitude", with("{kind: constant, kib: 1, amplitude: 0.5}"))
                    .hasMessageContaining("a constant workload has kind, kib");
        }

        @Test
        void eachKindChecksItsOwnRanges() {
            refusedAt("domains[0].workload[1].amplitude", with("{kind: daily, baseKiB: 1, amplitude: 1.5, peakAt: 1h}"));
            refusedAt("domains[0].workload[1].peakAt", with("{kind: daily, baseKiB: 1, amplitude: 0.5, peakAt: 24h}"));
            refusedAt("domains[0].workload[1].perHour", with("{kind: spikes, perHour: 4000, kib: 1, duration: 1m}"));
            refusedAt("domains[0].workload[1].end", with("{kind: ramp, fromKiB: 0, toKiB: 1, start: 2h, end: 1h}"))
                    .hasMessageContaining("must be after start (2h)");
            refusedAt("domains[0].workload[1].every", with("{kind: random-walk, kib: 1, stepKiB: 1, every: 10ms}"))
                    .hasMessageContaining("between 1s and");
            refusedAt("domains[0].workload[1].duration", with("{kind: spikes, perHour: 1, kib: 1, duration: 60}"
                    .replace("60", "'60'")));
        }
    }

    @Nested
    class Domains {
        @Test
        void namesFollowTheToolstacksRulesAndAreUnique() {
            refusedAt("domains[0].name", MINIMAL + "domains: [{name: 'a b', memoryKiB: 1}]");
            refusedAt("domains[0].name", MINIMAL + "domains: [{name: Domain-0, memoryKiB: 1}]");
            refusedAt("domains[1].name", WEB + "  - {name: web-2, memoryKiB: 1}\n")
                    .hasMessageContaining("\"web-2\", which domains[0] gives too");
            refusedAt("domains[0].name", MINIMAL + "domains: [{name: " + "x".repeat(62) + ", count: 10, memoryKiB: 1}]")
                    .hasMessageContaining("longer than 64");
        }

        @Test
        void sizesAreCheckedAsTheToolstackChecksThem() {
            refusedAt("domains[0].memoryKiB", MINIMAL + "domains: [{name: a, memoryKiB: 0}]");
            refusedAt("domains[0].staticMaxKiB", MINIMAL + "domains: [{name: a, memoryKiB: 2048, staticMaxKiB: 1024}]");
            refusedAt("domains[0].memoryKiB", MINIMAL + "domains: [{name: a, memoryKiB: 4096, type: hvm}]")
                    .hasMessageContaining("video memory (8192 KiB)");
            refusedAt("domains[0].homeNode", MINIMAL + "host: {nodes: 2}\ndomains: [{name: a, memoryKiB: 1, homeNode: 2}]");
            refusedAt("domains[0].count", MINIMAL + "domains: [{name: a, memoryKiB: 1, count: 0}]");
        }

        @Test
        void aDynamicRangeHasBothEndsInsideStaticMax() {
            refusedAt("domains[0].dynamicMaxKiB", MINIMAL + "domains: [{name: a, memoryKiB: 1024, dynamicMinKiB: 512}]")
                    .hasMessageContaining("is required with dynamicMinKiB");
            refusedAt("domains[0].dynamicMaxKiB",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1024, dynamicMinKiB: 512, dynamicMaxKiB: 2048}]");
            refusedAt("domains[0].dynamicMinKiB",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1024, dynamicMinKiB: 800, dynamicMaxKiB: 600}]");
        }

        @Test
        void selfballoonTunablesMeetTheSysfsStoresRules() {
            refusedAt("domains[0].selfballoon.selfballoonInterval",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1, selfballoon: {selfballoonInterval: 0}}]")
                    .hasMessageContaining("must not be 0");
            refusedAt("domains[0].selfballoon.selfballooning",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1, selfballoon: {selfballooning: 2}}]");
            refusedAt("domains[0].selfballoon.selfballoonInterval",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1, selfballoon: {selfballoonInterval: 1.5}}]");
            refusedAt("domains[0].selfballoon.selfBallooning",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1, selfballoon: {selfBallooning: 1}}]");
        }

        @Test
        void aFaultHasAKnownModeAndThePeriodOnlyWhenIntermittent() {
            refusedAt("domains[0].fault.mode", MINIMAL + "domains: [{name: a, memoryKiB: 1, fault: {mode: sleepy}}]");
            refusedAt("domains[0].fault.periodSeconds", MINIMAL + "domains: [{name: a, memoryKiB: 1, fault: {mode: intermittent}}]");
            refusedAt("domains[0].fault.periodSeconds",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1, fault: {mode: stuck, periodSeconds: 5}}]");
            refusedAt("domains[0].fault.periodSeconds",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1, fault: {mode: intermittent, periodSeconds: 5s}}]")
                    .hasMessageContaining("must be a number of seconds");
            refusedAt("domains[0].fault.ceilingKiB",
                    MINIMAL + "domains: [{name: a, memoryKiB: 1, fault: {floorKiB: 10, ceilingKiB: 5}}]");
        }

        @Test
        void theHostMustHoldXenAndDom0AndKnowItsAllocationPolicy() {
            refusedAt("host.dom0KiB", MINIMAL + "host: {memoryKiB: 1048576, dom0KiB: 1048576}");
            refusedAt("host.allocationPolicy", MINIMAL + "host: {allocationPolicy: farthest}");
        }

        @Test
        void balancerOptionsBelongToTheirPolicy() {
            refusedAt("host.balancer.policy", MINIMAL + "host: {balancer: {policy: xapi}}");
            refusedAt("host.balancer.variant", MINIMAL + "host: {balancer: {policy: squeezed, variant: vdsm}}")
                    .hasMessageContaining("is not an option of policy squeezed");
            refusedAt("host.balancer.intervalSeconds", MINIMAL + "host: {balancer: {policy: none, intervalSeconds: 5}}");
            refusedAt("host.balancer.variant", MINIMAL + "host: {balancer: {policy: mom, variant: rules}}");
        }
    }

    @Nested
    class Actions {
        @Test
        void anUnknownOpIsRefusedListingTheOps() {
            refusedAt("actions[0].op", WEB + "actions: [{at: 1m, op: reboot, domain: web-1}]")
                    .hasMessageContaining("one of mem-set, mem-max");
        }

        @Test
        void anUnknownDomainIsRefusedAtTheActionThatNamesIt() {
            refusedAt("actions[1].domain", WEB + """
                    actions:
                      - {at: 1m, op: mem-set, domain: web-1, kib: 300000}
                      - {at: 2m, op: mem-set, domain: web-4, kib: 300000}
                    """).hasMessageContaining("no domain named \"web-4\" exists at 2m");
            refusedAt("actions[0].domain", WEB + "actions: [{at: 1m, op: destroy, domain: web}]");
        }

        @Test
        void aCreatedDomainExistsFromItsCreationUntilItsDestruction() {
            String doc = WEB + """
                    actions:
                      - {at: 8h, op: create, domain: {name: batch, memoryKiB: 65536}}
                      - {at: 9h, op: mem-set, domain: batch, kib: 32768}
                      - {at: 20h, op: destroy, domain: batch}
                    """;
            assertThat(Documents.yaml(doc.replace("duration: 1h", "duration: 24h")).variants()).hasSize(1);
            refusedAt("actions[0].domain", (WEB + "actions:\n  - {at: 7h, op: mem-set, domain: batch, kib: 1}\n"
                    + "  - {at: 8h, op: create, domain: {name: batch, memoryKiB: 65536}}\n").replace("1h", "24h"))
                    .hasMessageContaining("at 7h");
            refusedAt("actions[2].domain", (WEB + "actions:\n  - {at: 8h, op: create, domain: {name: b, memoryKiB: 1}}\n"
                    + "  - {at: 9h, op: destroy, domain: b}\n  - {at: 10h, op: mem-max, domain: b, kib: 1}\n")
                    .replace("1h", "24h"));
            refusedAt("actions[0].domain.name", WEB + "actions: [{at: 1m, op: create, domain: {name: web-2, memoryKiB: 1}}]")
                    .hasMessageContaining("exists at 1m");
        }

        @Test
        void aCreateTakesADomainObjectCheckedLikeAGroup() {
            refusedAt("actions[0].domain", WEB + "actions: [{at: 1m, op: create, domain: batch}]")
                    .hasMessageContaining("must be an object");
            refusedAt("actions[0].domain.memoryKiB", WEB + "actions: [{at: 1m, op: create, domain: {name: b, memoryKiB: -1}}]");
        }

        @Test
        void aReservationIsAnAmountARangeOrADomainAndItsDomainIsNamedFromThen() {
            refusedAt("actions[0]", WEB + "actions: [{at: 1m, op: reserve}]")
                    .hasMessageContaining("give kib, or minKiB and maxKiB, or a domain");
            refusedAt("actions[0]", WEB + "actions: [{at: 1m, op: reserve, kib: 1024, minKiB: 1, maxKiB: 2}]");
            refusedAt("actions[0].minKiB", WEB + "actions: [{at: 1m, op: reserve, maxKiB: 2048}]")
                    .hasMessageContaining("is required with maxKiB");
            refusedAt("actions[0].minKiB", WEB + "actions: [{at: 1m, op: reserve, minKiB: 4096, maxKiB: 2048}]");
            refusedAt("actions[0].kib", WEB + "actions: [{at: 1m, op: reserve, kib: -1}]");
            refusedAt("actions[0].kib", WEB + "actions: [{at: 1m, op: reserve, kib: 1024, domain: {name: b, memoryKiB: 1024}}]")
                    .hasMessageContaining("each domain reserves its memoryKiB");
            refusedAt("actions[0].domain.name", WEB + "actions: [{at: 1m, op: reserve, domain: {name: web-2, memoryKiB: 1024}}]")
                    .hasMessageContaining("exists at 1m");
            refusedAt("actions[1].domain", WEB + """
                    actions:
                      - {at: 2m, op: reserve, domain: {name: batch, memoryKiB: 1024}}
                      - {at: 1m, op: destroy, domain: batch}
                    """).hasMessageContaining("no domain named \"batch\" exists at 1m");
        }

        @Test
        void memSetAndDynamicRangeFitTheDomainsStaticMax() {
            refusedAt("actions[0].kib", WEB + "actions: [{at: 1m, op: mem-set, domain: web-1, kib: 600000}]")
                    .hasMessageContaining("static-max (524288 KiB)");
            refusedAt("actions[0].maxKiB", WEB + "actions: [{at: 1m, op: dynamic-range, domain: web-1, minKiB: 1, maxKiB: 600000}]");
        }

        @Test
        void anActionAfterTheEndOrWithoutATimeIsRefused() {
            refusedAt("actions[0].at", WEB + "actions: [{at: 2h, op: pressure, kib: 1}]")
                    .hasMessageContaining("after the scenario's end (1h)");
            refusedAt("actions[0].at", WEB + "actions: [{op: pressure, kib: 1}]");
            refusedAt("actions[0].at", WEB + "actions: [{at: '10', op: pressure, kib: 1}]").hasMessageContaining("no unit");
        }

        @Test
        void membersOfOtherOpsAreRefused() {
            refusedAt("actions[0].domain", WEB + "actions: [{at: 1m, op: pressure, kib: 1, domain: web-1}]");
            refusedAt("actions[0]", WEB + "actions: [{at: 1m, op: selfballoon, domain: web-1}]")
                    .hasMessageContaining("sets no tunable");
            refusedAt("actions[0].node", WEB + "actions: [{at: 1m, op: pressure, kib: 1, node: 5}]");
        }
    }

    @Nested
    class Sweeps {
        @Test
        void aPathThatNamesNoFieldIsRefusedAtThatPath() {
            refusedAt("sweep[\"domains.web.selfballoon.selfballoonDownhysterisis\"]",
                    WEB + "sweep: {domains.web.selfballoon.selfballoonDownhysterisis: [1, 2]}")
                    .hasMessageContaining("names no field: domains[0].selfballoon has no member \"selfballoonDownhysterisis\"");
            refusedAt("sweep[\"host.balancer.polcy\"]", WEB + "sweep: {host.balancer.polcy: [mom]}");
            refusedAt("sweep[\"turbo\"]", WEB + "sweep: {turbo: [1]}");
        }

        @Test
        void aPathToAMissingGroupOrElementIsRefused() {
            refusedAt("sweep[\"domains.db.count\"]", WEB + "sweep: {domains.db.count: [1]}")
                    .hasMessageContaining("no domain group named \"db\"");
            refusedAt("sweep[\"domains.web.workload[0].kib\"]", WEB + "sweep:\n  domains.web.workload[0].kib: [1]\n")
                    .hasMessageContaining("has no element 0");
            refusedAt("sweep[\"domains.web.workload.kib\"]",
                    WEB.replace("staticMaxKiB: 524288", "staticMaxKiB: 524288, workload: [{kind: constant, kib: 1}]")
                            + "sweep: {domains.web.workload.kib: [1]}").hasMessageContaining("give an element");
            refusedAt("sweep[\"domains.web\"]", WEB + "sweep: {domains.web: [1]}");
        }

        @Test
        void aPathIntoAWorkloadFollowsItsKind() {
            String doc = WEB.replace("staticMaxKiB: 524288", "staticMaxKiB: 524288, workload: [{kind: constant, kib: 1}]");
            refusedAt("sweep[\"domains.web.workload[0].amplitude\"]", doc + "sweep:\n  domains.web.workload[0].amplitude: [0.5]\n")
                    .hasMessageContaining("has no member \"amplitude\"");
        }

        @Test
        void aSweepCannotRenameAGroupOrSweepItself() {
            refusedAt("sweep[\"domains.web.name\"]", WEB + "sweep: {domains.web.name: [db]}");
            refusedAt("sweep[\"sweep\"]", WEB + "sweep: {sweep: [1]}");
        }

        @Test
        void valuesAreANonEmptyListWithoutRepeats() {
            refusedAt("sweep[\"seed\"]", WEB + "sweep: {seed: []}");
            refusedAt("sweep[\"seed\"]", WEB + "sweep: {seed: 4}");
            refusedAt("sweep[\"seed\"][2]", WEB + "sweep: {seed: [1, 2, 1]}").hasMessageContaining("repeats the value 1");
            refusedAt("sweep", WEB + "sweep: {}");
        }

        @Test
        void anInvalidValueIsRefusedAtThatValueWithTheFieldItBreaks() {
            refusedAt("sweep[\"domains.web.selfballoon.selfballoonDownhysteresis\"][1]",
                    WEB + "sweep: {domains.web.selfballoon.selfballoonDownhysteresis: [4, 0]}")
                    .hasMessageContaining("makes domains[0].selfballoon.selfballoonDownhysteresis:");
            refusedAt("sweep[\"host.balancer.policy\"][1]", WEB + "sweep: {host.balancer.policy: [mom, xapi]}");
            refusedAt("sweep[\"duration\"][0]", WEB + "sweep: {duration: ['90']}").hasMessageContaining("no unit");
        }

        @Test
        void aVariantBrokenElsewhereIsRefusedByName() {
            refusedAt("sweep", WEB + "actions: [{at: 1m, op: mem-set, domain: web-1, kib: 500000}]\n"
                    + "sweep: {domains.web.staticMaxKiB: [524288, 400000]}")
                    .hasMessageContaining("variant \"staticMaxKiB=400000\" makes actions[0].kib");
        }

        @Test
        void tooManyVariantsAreRefused() {
            StringBuilder values = new StringBuilder("[");
            for (int i = 0; i < 11; i++) {
                values.append(i == 0 ? "" : ", ").append(i + 1);
            }
            values.append(']');
            refusedAt("sweep", WEB + "sweep: {seed: " + values + ", domains.web.count: " + values + "}")
                    .hasMessageContaining("more than 100 variants");
        }
    }

    @Nested
    class SeriesSize {
        @Test
        void aSeriesTooLargeToHoldIsRefusedAtTheSample() {
            refusedAt("sample", "name: t\nduration: 24h\nsample: 1s\ndomains: [{name: w, count: 1000, memoryKiB: 1}]\n")
                    .hasMessageContaining("use a longer sample");
        }

        @Test
        void aRefusalBecomesAnEinvalForHttp() {
            try {
                Documents.yaml("name: t\nduration: '90'\n");
            } catch (InvalidScenarioException e) {
                assertThat(e.toXenException().errno()).isEqualTo(Errno.EINVAL);
                assertThat(e.toXenException().httpStatus()).isEqualTo(400);
                assertThat(e.toXenException().getMessage()).isEqualTo(e.getMessage()).startsWith("duration: ");
                return;
            }
            throw new AssertionError("not refused");
        }
    }
}
