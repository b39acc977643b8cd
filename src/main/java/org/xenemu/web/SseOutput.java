package org.xenemu.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * Where a stream's bytes go: the response's output in the Servlet API's non-blocking mode, so a
 * write never waits for a slow reader. {@link #isReady()} must say yes before every write and
 * flush; when it says no, the container calls the stream back once the reader has taken enough
 * (Servlet 6.1 section 3.7, {@code WriteListener}).
 */
interface SseOutput {
    boolean isReady();

    void write(byte[] bytes) throws IOException;

    void flush() throws IOException;

    /** Ends the response (the reader sees a normal end of stream); callable from any thread. */
    void complete();

    /** Starts calling {@code stream} back: writable again, failed, completed by the container. */
    void listen(SseStream stream);

    /** The response of an asynchronous request, switched to non-blocking output by {@link #listen}. */
    final class Servlet implements SseOutput {
        private final AsyncContext async;
        private final ServletOutputStream out;

        Servlet(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void complete() {
            async.complete();
        }

        @Override
        public void listen(SseStream stream) {
            async.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    stream.ended();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    stream.failed("the container's asynchronous timeout");
                }

                @Override
                public void onError(AsyncEvent event) {
                    stream.failed("the container's error " + event.getThrowable());
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // not restarted
                }
            });
            out.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    stream.writable();
                }

                @Override
                public void onError(Throwable t) {
                    stream.failed("a write error " + t);
                }
            });
        }
    }
}
