package reactorchat.reactor;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import reactorchat.testing.ClientSocket;

/** Asks a loop running on a thread of its own a question, on the loop thread, and waits for the answer. */
final class OnLoop {
    private OnLoop() {
    }

    static <T> T call(EventLoop loop, Callable<T> question) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                answer.complete(question.call());
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
        return answer.get(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}
