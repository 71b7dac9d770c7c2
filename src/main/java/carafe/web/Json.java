package carafe.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** The one JSON mapper: ISO-8601 times, camelCase records, and text that every database can store. */
public final class Json {
    private Json() {}

    public static ObjectMapper mapper() {
        var cleanText = new SimpleModule("clean-text").addDeserializer(String.class, new WellFormedStrings());
        var factory = JsonFactory.builder()
                // Hostile bodies (10 000 nested arrays, a 1 MB number) fail fast as 400 instead of eating the stack.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
                // Jackson's default keeps its buffers in a ThreadLocal; every request runs on a new
                // virtual thread, so that cache never hits and each request allocates fresh buffers.
                // A shared pool reuses them across requests.
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(cleanText)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // 1.5 for a whole number is a mistake to report (422), not a value to cut to 1.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * Refuses text that PostgreSQL cannot store or that no client can render: NUL characters and
     * unpaired UTF-16 surrogates (JSON allows "\ud800"; UTF-8 does not).
     */
    static final class WellFormedStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value != null && !Text.isWellFormed(value)) {
                return (String) context.handleWeirdStringValue(String.class, value,
                        "contains a NUL character or an unpaired surrogate");
            }
            return value;
        }
    }
}
