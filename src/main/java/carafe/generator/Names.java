package carafe.generator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The words a name is made of and the spellings the generated code needs: {@code time_entries} is the
 * table, {@code timeentries} the package, {@code TimeEntries} and {@code TimeEntry} the classes,
 * {@code timeEntries} a variable, {@code time-entries} the address and "time entries" the pages' word.
 */
record Names(List<String> words) {
    /** Lower-case words of letters and digits joined by single underscores, starting with a letter. */
    static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    /** Java's keywords and literals, and the words it reserves in some places: no variable or package takes them. */
    static final Set<String> JAVA_KEYWORDS = words("""
            abstract assert boolean break byte case catch char class const continue default do double else
            enum extends final finally float for goto if implements import instanceof int interface long
            native new package private protected public return short static strictfp super switch
            synchronized this throw throws transient try void volatile while true false null var record
            yield sealed permits""");

    /**
     * Words the generated SQL cannot use unquoted as a table or column: the reserved words of PostgreSQL
     * (its manual's appendix C) and SQLite (its keyword list), which cover SQL:2016's common ones, and
     * the type names a column could be mistaken for.
     */
    static final Set<String> SQL_WORDS = words("""
            abort action add after all alter always analyse analyze and any array as asc asymmetric attach
            authorization autoincrement before begin between binary both by cascade case cast check collate
            collation column commit concurrently conflict constraint create cross current current_catalog
            current_date current_role current_schema current_time current_timestamp current_user database
            default deferrable deferred delete desc detach distinct do drop each else end escape except
            exclude exclusive exists explain fail false fetch filter first following for foreign freeze from
            full generated glob grant group groups having if ignore ilike immediate in index indexed initially
            inner insert instead intersect into is isnull join key last lateral leading left like limit
            localtime localtimestamp match materialized natural no not nothing notnull null nulls of offset on
            only or order others outer over overlaps partition placing plan pragma preceding primary query
            raise range recursive references regexp reindex release rename replace restrict returning right
            rollback row rows savepoint select session_user set similar some symmetric system_user table
            tablesample temp temporary then ties to trailing transaction trigger true unbounded union unique
            update user using vacuum values variadic verbose view virtual when where window with without
            date time timestamp interval""");

    static Names of(String snakeCase) {
        return new Names(List.of(snakeCase.split("_")));
    }

    /** The singular of a plural name: its last word made singular ("time_entries" → "time_entry"), or null. */
    static String singularOf(String plural) {
        int last = plural.lastIndexOf('_') + 1;
        String word = plural.substring(last);
        String singular;
        if (word.endsWith("ies") && word.length() > 3) singular = word.substring(0, word.length() - 3) + "y";
        else if (word.matches(".*(ss|sh|ch|x|zz)es")) singular = word.substring(0, word.length() - 2);
        else if (word.endsWith("s") && !word.endsWith("ss")) singular = word.substring(0, word.length() - 1);
        else return null;
        return singular.isEmpty() ? null : plural.substring(0, last) + singular;
    }

    /** {@code time_entries} */
    String snake() {
        return String.join("_", words);
    }

    /** {@code timeentries}: a package name (Java's convention has no underscores there) and the templates' folder. */
    String joined() {
        return String.join("", words);
    }

    /** {@code TimeEntries} */
    String pascal() {
        return words.stream().map(Names::capitalize).collect(Collectors.joining());
    }

    /** {@code timeEntries} */
    String camel() {
        String pascal = pascal();
        return Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
    }

    /** {@code TIME_ENTRIES}: how jOOQ names the constant of a table or column. */
    String constant() {
        return snake().toUpperCase(Locale.ROOT);
    }

    /** {@code time-entries} */
    String kebab() {
        return String.join("-", words);
    }

    /** {@code time entries} */
    String spaced() {
        return String.join(" ", words);
    }

    /** {@code Time entries} */
    String sentence() {
        return capitalize(spaced());
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).map(String::strip).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }
}
