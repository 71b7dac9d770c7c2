package carafe.web;

/**
 * "Firefox on Linux" from a User-Agent, for the session list. Only a label for people to recognise
 * their devices by; nothing decides anything on it, so a rough reading is enough (the full string is
 * shown alongside).
 */
public final class BrowserName {
    private BrowserName() {}

    public static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) return "Unknown browser";
        String browser = browser(userAgent);
        String system = system(userAgent);
        return system == null ? browser : browser + " on " + system;
    }

    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    private static String browser(String ua) {
        if (ua.contains("Edg/")) return "Edge";
        if (ua.contains("OPR/") || ua.contains("Opera")) return "Opera";
        if (ua.contains("Firefox/")) return "Firefox";
        if (ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("HeadlessChrome/")) return "Chrome";
        if (ua.contains("Safari/")) return "Safari";
        if (ua.startsWith("curl/")) return "curl";
        if (ua.startsWith("python-requests") || ua.startsWith("Python-urllib")) return "Python script";
        if (ua.startsWith("Java-http-client") || ua.startsWith("Java/")) return "Java client";
        return "Other client";
    }

    private static String system(String ua) {
        if (ua.contains("Android")) return "Android";
        if (ua.contains("iPhone") || ua.contains("iPad")) return "iOS";
        if (ua.contains("Windows")) return "Windows";
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) return "macOS";
        if (ua.contains("CrOS")) return "ChromeOS";
        if (ua.contains("Linux")) return "Linux";
        return null;
    }
}
