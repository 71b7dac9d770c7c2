package carafe.auth;

import static carafe.db.schema.Tables.USERS;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-ups arriving at the same moment, each from its own client. Every one hashes a password, so the
 * hashing gate makes them queue; none may be lost, and the unique index alone decides a shared email.
 */
class ConcurrentRegistrationTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void fifty_parallel_registrations_with_distinct_emails_all_succeed_and_are_all_stored() throws Exception {
        String batch = "crowd" + System.nanoTime();
        List<String> emails = IntStream.range(0, 50).mapToObj(i -> batch + "-" + i + "@example.com").toList();

        List<Response> responses = together(emails.size(),
                i -> server.client().register(emails.get(i), "Crowd " + i, PASSWORD));

        assertThat(responses).extracting(Response::status).containsOnly(201);
        assertThat(responses).extracting(r -> r.json().path("user").path("email").asText())
                .containsExactlyInAnyOrderElementsOf(emails);
        List<String> stored = server.db().select(USERS.EMAIL).from(USERS)
                .where(USERS.EMAIL.startsWith(batch)).fetch(USERS.EMAIL);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(emails);
    }

    @Test
    void ten_parallel_registrations_of_one_email_give_one_201_and_nine_409() throws Exception {
        String email = CarafeServer.uniqueEmail("contested");

        List<Response> responses = together(10, i -> server.client().register(email, "Contender " + i, PASSWORD));

        assertThat(responses).extracting(Response::status).filteredOn(status -> status == 201).hasSize(1);
        assertThat(responses).extracting(Response::status).filteredOn(status -> status == 409).hasSize(9);
        assertThat(responses).filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.json().path("detail").asText()).contains("already exists"));
        assertThat(server.db().fetchCount(USERS, USERS.EMAIL.eq(email))).isOne();
    }

    /** Runs {@code count} calls on their own virtual threads, released at once by a start gate. */
    private static List<Response> together(int count, IntFunction<Response> call) throws Exception {
        var startGate = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Response>>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    startGate.await();
                    return call.apply(index);
                }));
            }
            startGate.countDown();
            var responses = new ArrayList<Response>();
            for (var future : futures) responses.add(future.get(2, TimeUnit.MINUTES));
            return responses;
        }
    }
}
