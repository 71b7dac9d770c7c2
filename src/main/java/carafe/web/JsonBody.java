package carafe.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new ValidationFailed(field, e instanceof InvalidFormatException invalid
                    && invalid.getValue() instanceof String ? "is not valid text" : "has the wrong type");
        } catch (StreamConstraintsException e) {
            throw new BadRequest("The JSON body is nested too deeply or holds a number that is too long.");
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new BadRequest("The body is not valid JSON"
                    + (at == null ? "." : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")."));
        } catch (IOException e) {
            throw new BadRequest("The body could not be read.");
        }
        if (value == null) throw new BadRequest("The body must be a JSON object.");
        return validator.check(value);
    }
}
