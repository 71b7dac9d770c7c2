package carafe.app;

import carafe.throttle.Limit;
import carafe.web.TrustedProxies;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Parses named settings, collecting every bad value so one start-up reports all of them at once. */
final class SettingsReader {
    /** Read by the launcher and by logback.xml, not by this class. */
    private static final Set<String> READ_ELSEWHERE = Set.of("CARAFE_CONFIG", "CARAFE_LOG_LEVEL", "CARAFE_JAVA_OPTS");

    private final Map<String, String> settings;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> asked = new HashSet<>();

    SettingsReader(Map<String, String> settings) {
        this.settings = settings;
    }

    String text(String name, String fallback) {
        asked.add(name);
        String value = settings.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int integer(String name, int fallback, int min, int max) {
        String value = text(name, null);
        if (value == null) return fallback;
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) return parsed;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(name + " must be a whole number from " + min + " to " + max + " (it is '" + value + "').");
        return fallback;
    }

    boolean bool(String name, boolean fallback) {
        String value = text(name, null);
        if (value == null) return fallback;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> {
                problems.add(name + " must be true or false (it is '" + value + "').");
                yield fallback;
            }
        };
    }

    /** Accepts ISO-8601 durations (PT30M, P7D) or a number with a unit: 90s, 30m, 12h, 7d. */
    Duration duration(String name, Duration fallback) {
        return duration(name, fallback, false);
    }

    /** As {@link #duration(String, Duration)}, and zero (0s) too: for delays one may switch off. */
    Duration durationOrZero(String name, Duration fallback) {
        return duration(name, fallback, true);
    }

    private Duration duration(String name, Duration fallback, boolean zeroAllowed) {
        String value = text(name, null);
        if (value == null) return fallback;
        try {
            Duration parsed = parseDuration(value);
            if (!parsed.isNegative() && (zeroAllowed || !parsed.isZero())) return parsed;
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException ignored) {
            // reported below
        }
        problems.add(name + " must be a " + (zeroAllowed ? "" : "positive ")
                + "duration such as 30m, 12h, 7d or PT30M (it is '" + value + "').");
        return fallback;
    }

    /** A count per duration: 5/15m, 10/1h, 100/PT1M. */
    Limit limit(String name, Limit fallback) {
        String value = text(name, null);
        if (value == null) return fallback;
        int slash = value.indexOf('/');
        try {
            if (slash > 0) {
                return Limit.of(Integer.parseInt(value.substring(0, slash).strip()),
                        parseDuration(value.substring(slash + 1).strip()));
            }
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException
                 | IndexOutOfBoundsException ignored) {
            // reported below (a bad count is a NumberFormatException, an IllegalArgumentException)
        }
        problems.add(name + " must be a count per duration such as 5/15m or 10/1h, the count from 1 to "
                + Limit.MAX_COUNT + " and the duration at most " + Limit.MAX_PERIOD.toDays() + "d (it is '" + value
                + "').");
        return fallback;
    }

    /** Comma-separated IP addresses and CIDR ranges; blank means none. */
    TrustedProxies trustedProxies(String name) {
        String value = text(name, null);
        try {
            return TrustedProxies.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(name + " must list IP addresses or CIDR ranges separated by commas, such as "
                    + "10.0.0.0/8, 192.0.2.10, 2001:db8::/32 (" + e.getMessage() + ").");
            return TrustedProxies.NONE;
        }
    }

    URI uri(String name, String fallback) {
        String value = text(name, fallback);
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        problems.add(name + " must be an http:// or https:// address such as https://app.example.com (it is '"
                + value + "').");
        return URI.create(fallback);
    }

    /**
     * A value {@code parser} accepts, or null when unset and without fallback. The parser throws
     * {@link IllegalArgumentException} with a reason; {@code showValue} false keeps secrets (a password in
     * a URL) out of the message.
     */
    <T> T parsed(String name, String fallback, Function<String, T> parser, String expected, boolean showValue) {
        String value = text(name, fallback);
        if (value == null) return null;
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(name + " must be " + expected + " (" + e.getMessage()
                    + (showValue ? "; it is '" + value + "'" : "") + ").");
            return null;
        }
    }

    <E extends Enum<E>> E oneOf(String name, E fallback) {
        String value = text(name, null);
        if (value == null) return fallback;
        for (E option : fallback.getDeclaringClass().getEnumConstants()) {
            if (option.name().equalsIgnoreCase(value)) return option;
        }
        problems.add(name + " must be one of " + List.of(fallback.getDeclaringClass().getEnumConstants())
                .toString().toLowerCase(Locale.ROOT) + " (it is '" + value + "').");
        return fallback;
    }

    /**
     * CARAFE_ settings that were given but that nothing reads: most likely a typo, such as
     * CARAFE_REDIS_URI, which would otherwise leave an instance silently on its defaults.
     */
    List<String> unknown() {
        return settings.keySet().stream()
                .filter(name -> name.startsWith("CARAFE_") && !asked.contains(name) && !READ_ELSEWHERE.contains(name))
                .sorted()
                .toList();
    }

    /** A problem found by the caller (a setting missing that another one needs). */
    void problem(String sentence) {
        problems.add(sentence);
    }

    void failIfInvalid() {
        if (!problems.isEmpty()) throw new Config.ConfigException(problems);
    }

    private static Duration parseDuration(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("p")) return Duration.parse(value.toUpperCase(Locale.ROOT));
        long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
        return switch (lower.charAt(lower.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new NumberFormatException(value);
        };
    }
}
