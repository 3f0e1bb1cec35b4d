package dev.portcullis.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.ValidationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/** Test documents from src/test/resources and a way to see the errors a parse produces. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, mutable tree of a resource, for tests that break one field. */
    public static ObjectNode tree(String resource) {
        try {
            return (ObjectNode) Json.mapper().readTree(bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The errors a parse reports, as {@code field: message} strings; empty when it succeeds. */
    public static List<String> errors(Function<byte[], ?> parser, byte[] json) {
        try {
            parser.apply(json);
            return List.of();
        } catch (ValidationException e) {
            return e.errors().stream().map(FieldError::toString).toList();
        }
    }

    public static List<String> errors(Function<byte[], ?> parser, ObjectNode tree) {
        return errors(parser, Json.write(tree));
    }
}
