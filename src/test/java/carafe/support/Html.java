package carafe.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading server-rendered pages in tests, the way a browser without JavaScript would fill a form. */
public final class Html {
    private Html() {}

    /** The response is a page: HTML in UTF-8. */
    public static void assertIsHtml(Response response) {
        assertThat(response.mediaType()).isEqualTo("text/html;charset=utf-8");
    }

    /** Form fields in order: {@code Html.form("email", e, "_csrf", token)}. */
    public static Map<String, String> form(String... keysAndValues) {
        var fields = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) fields.put(keysAndValues[i], keysAndValues[i + 1]);
        return fields;
    }

    /** The value of a hidden form field, e.g. {@code _csrf}; the first one on the page. */
    public static String hidden(String html, String name) {
        return unescape(firstGroup(html, "<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\">"));
    }

    /** The markup of one form field: its {@code <div class="field">} with label, input and error. */
    public static String field(String html, String name) {
        return firstGroup(html, "(<div class=\"field[^\"]*\">\\s*<label for=\"" + Pattern.quote(name) + "\">.*?</div>)");
    }

    /** The first group of the first match (across lines); fails the test, showing the page, when none. */
    public static String firstGroup(String text, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(matcher.find()).as("/%s/ in:%n%s", regex, text).isTrue();
        return matcher.group(1);
    }

    /** Undoes the HTML escaping JTE applies to text and attributes. */
    public static String unescape(String html) {
        return html.replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }
}
