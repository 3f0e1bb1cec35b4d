package dev.portcullis.mock.tools;

import static dev.portcullis.mock.tools.Schemas.enumOf;
import static dev.portcullis.mock.tools.Schemas.hints;
import static dev.portcullis.mock.tools.Schemas.integer;
import static dev.portcullis.mock.tools.Schemas.object;
import static dev.portcullis.mock.tools.Schemas.required;
import static dev.portcullis.mock.tools.Schemas.string;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.CallContext;
import dev.portcullis.mock.rpc.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** validate_email, generate_uuid and format_date: stateless helpers an agent might call. */
final class UtilityTools {

    private static final Map<String, DateTimeFormatter> FORMATS = Map.of(
            "iso", DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            "rfc1123", DateTimeFormatter.RFC_1123_DATE_TIME,
            "date", DateTimeFormatter.ISO_LOCAL_DATE,
            "time", DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT),
            "human", DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy 'at' h:mm a z", Locale.ENGLISH));
    private static final List<String> FORMAT_NAMES = List.of("iso", "rfc1123", "date", "time", "human",
            "epoch_millis");

    List<Tool> tools() {
        return List.of(
                Tool.of("validate_email", "Validate email", "Check an email address's syntax.",
                        object(required("email"), "email", string("The address to check")),
                        hints(true, false, true), Set.of(), UtilityTools::validateEmail),
                Tool.of("generate_uuid", "Generate UUID", "Generate random (version 4) UUIDs.",
                        object(required(), "count", integer("How many", 1, 100, 1)),
                        hints(true, false, false), Set.of(), UtilityTools::generateUuid),
                Tool.of("format_date", "Format date", "Convert a date/time to another format and time zone.",
                        object(required("date"),
                                "date", string("ISO-8601 date, date-time or instant, or epoch milliseconds"),
                                "format", enumOf("Output format", "iso", FORMAT_NAMES.toArray(String[]::new)),
                                "timezone", string("IANA time zone, e.g. Europe/Paris (default UTC)")),
                        hints(true, false, true), Set.of(), UtilityTools::formatDate));
    }

    private static ToolResult validateEmail(ToolArgs args, CallContext context) {
        String email = args.requiredString("email").strip();
        Optional<String> problem = EmailAddress.problem(email);
        ObjectNode result = Json.object().put("email", email).put("valid", problem.isEmpty());
        problem.ifPresentOrElse(p -> result.put("reason", p),
                () -> result.put("normalized", EmailAddress.normalize(email)));
        return ToolResult.json(result);
    }

    private static ToolResult generateUuid(ToolArgs args, CallContext context) {
        int count = args.optionalInt("count", 1, 100).orElse(1);
        ObjectNode result = Json.object();
        ArrayNode uuids = result.putArray("uuids");
        for (int i = 0; i < count; i++) {
            uuids.add(UUID.randomUUID().toString());
        }
        return ToolResult.json(result);
    }

    private static ToolResult formatDate(ToolArgs args, CallContext context) {
        String input = args.requiredString("date").strip();
        String format = args.stringOneOf("format", FORMAT_NAMES, "iso");
        ZoneId zone;
        try {
            zone = ZoneId.of(args.optionalString("timezone").orElse("UTC"));
        } catch (DateTimeException e) {
            return ToolResult.error("'timezone' is not a known time zone");
        }
        Optional<Instant> instant = parse(input);
        if (instant.isEmpty()) {
            return ToolResult.error("'date' is not an ISO-8601 date, date-time, instant or epoch milliseconds");
        }
        ZonedDateTime zoned = instant.get().atZone(zone);
        String formatted = format.equals("epoch_millis")
                ? String.valueOf(instant.get().toEpochMilli())
                : FORMATS.get(format).format(zoned);
        return ToolResult.json(Json.object().put("input", input).put("format", format)
                .put("timezone", zone.getId()).put("formatted", formatted));
    }

    private static Optional<Instant> parse(String input) {
        if (!input.isEmpty() && input.chars().allMatch(Character::isDigit) && input.length() <= 15) {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(input)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(input).toInstant());
        } catch (DateTimeException ignored) {
            // not an offset date-time; try the other ISO forms
        }
        try {
            return Optional.of(LocalDateTime.parse(input).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException ignored) {
            // not a local date-time either
        }
        try {
            return Optional.of(LocalDate.parse(input).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
