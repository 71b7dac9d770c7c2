package carafe.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body into a record and validates it: wrong content type 415, unreadable JSON
 * 400, a field of the wrong type or failing its constraints 422. Messages never echo parser internals.
 */
public final class JsonBody {
    private final ObjectMapper mapper;
    private final RequestValidator validator;

    public JsonBody(ObjectMapper mapper, RequestValidator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    public <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new UnsupportedMediaType("Send a JSON body with Content-Type: application/json.");
        }
        byte[] body = ctx.bodyAsBytes(); // bounded by the server's request size limit (413 beyond it)
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) throw new BadRequest("The body must be a JSON object.");
            // "abc" for a number, 1.5 for a whole number, 2026-02-30 for a date: what that field takes.
            String message = e instanceof InvalidFormatException ? Expected.of(e.getTargetType())
                    : e.getTargetType() == String.class ? Expected.OTHER : Expected.of(e.getTargetType());
            throw new ValidationFailed(field(e), message);
        } catch (StreamConstraintsException e) {
            throw new BadRequest("The JSON body is nested too deeply or holds a number that is too long.");
        } catch (JacksonException e) {
            // A number too large for its field (99999999999 for an int) is that field's fault, not the JSON's.
            if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    && e.getCause() instanceof InputCoercionException tooLarge) {
                throw new ValidationFailed(field(mapping), Expected.of(tooLarge.getTargetType()));
            }
            JsonLocation at = e.getLocation();
            throw new BadRequest("The body is not valid JSON"
                    + (at == null ? "." : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")."));
        } catch (IOException e) {
            throw new BadRequest("The body could not be read.");
        }
        if (value == null) throw new BadRequest("The body must be a JSON object.");
        return validator.check(value);
    }

    /** The JSON field at fault, e.g. {@code title} or {@code items.[2].name}. */
    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
