package org.xenemu.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * The body subscriber of an event stream: parses the bytes the JDK client delivers (on its own
 * executor, only when bytes arrive) and queues converted events into a {@link XenemuStream}. It asks
 * for more bytes only while the stream's queue is below its high-water mark, so a slow reader
 * slows the socket rather than filling memory (and the server then closes the stream as its own
 * overflow policy says, docs/api.md "Events").
 */
final class SseSubscriber<T> implements HttpResponse.BodySubscriber<SseSubscriber<T>> {
    private final XenemuStream<T> stream;
    private final SseParser parser;

    SseSubscriber(Function<SseEvent, Optional<T>> convert) {
        this.stream = new XenemuStream<>();
        this.parser = new SseParser(e -> convert.apply(e).ifPresent(stream::offer));
    }

    XenemuStream<T> stream() {
        return stream;
    }

    @Override
    public CompletionStage<SseSubscriber<T>> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        stream.attach(subscription);
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        try {
            for (ByteBuffer b : item) {
                parser.feed(b);
            }
        } catch (RuntimeException e) {
            stream.fail(e);
            return;
        }
        stream.delivered();
    }

    @Override
    public void onError(Throwable throwable) {
        stream.fail(throwable);
    }

    @Override
    public void onComplete() {
        stream.end();
    }
}
