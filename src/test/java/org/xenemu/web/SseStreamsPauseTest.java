package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.xenemu.XenemuApplication;

/**
 * A paused service (what the test framework does to every cached context it is not using, and what
 * {@code ConfigurableApplicationContext.pause()} does) ends its open event streams, and its stream
 * writers — which are what ends them — keep working while it is paused, so that closing it later is
 * not held up: the web server stays up while paused, and its graceful shutdown would otherwise wait
 * its whole period (30 s) for streams nobody can end. (Before, every run of the test suite ended
 * with that wait, after the dashboard's browser tests.)
 */
class SseStreamsPauseTest {
    @Test
    void pausingEndsOpenStreamsAndTheCloseThatFollowsDoesNotWaitForThem() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(XenemuApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "xenemu.clock.mode=manual",
                        "xenemu.run-dir=target/run-sse-pause-test", "xenemu.wire.enabled=false",
                        "spring.main.banner-mode=off")
                .run();
        long closing = 0;
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            SseStreams streams = context.getBean(SseStreams.class);
            // one reader that stays and one that has gone away (a browser closed) before the pause
            BufferedReader stays = open(port);
            BufferedReader goes = open(port);
            goes.close();
            assertThat(streams.openCount()).isEqualTo(2);
            CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
                try {
                    while (stays.readLine() != null) {
                        // keep-alives until the end
                    }
                } catch (IOException e) {
                    // an abrupt end is an end too
                }
            });

            context.pause();
            ended.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.openCount() == 0);
            // the writers, which end the streams, still take work while the context is paused
            CountDownLatch ran = new CountDownLatch(1);
            context.getBean("sseWriters", ThreadPoolTaskExecutor.class).execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            closing = System.nanoTime();
            context.close();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
    }

    private static BufferedReader open(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo(":stream open");
        return reader;
    }
}
