package carafe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Response;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /openapi.json as served is lint-clean under Redocly's {@code recommended} ruleset for OpenAPI 3.1 (Redocly
 * CLI 2.x, {@code packages/core/src/config/recommended.ts}), each rule written here as an assertion over
 * the document so the check needs swagger-parser and no Node tool. A generated resource's fragment is
 * merged into the same document, so {@code carafe new resource} output is held to the same rules
 * ({@code GeneratedResourceTest} runs this test in its copy).
 *
 * <p>Checked, by Redocly's rule names:
 * <ul>
 * <li>{@code struct}, {@code no-unresolved-refs}: swagger-parser reads it without a message; every local
 *     {@code $ref} points at something.
 * <li>{@code info-license}, {@code info-license-strict} (1.x's {@code info-license-url}): a license with a
 *     name and an SPDX identifier or a url.
 * <li>{@code no-empty-servers}, {@code no-server-example.com}, {@code no-server-trailing-slash},
 *     {@code no-undefined-server-variable}, {@code no-server-variables-empty-enum}.
 * <li>{@code operation-operationId}, {@code operation-operationId-unique}, {@code operation-operationId-url-safe},
 *     {@code operation-summary}, {@code operation-2xx-response}, {@code operation-4xx-response}.
 * <li>{@code operation-tag-defined} (off in {@code recommended}, on here: every tag an operation uses is
 *     declared at the top), {@code tag-description}, {@code no-duplicated-tag-names}.
 * <li>{@code security-defined} (every operation states its security, [] when public, or the root does;
 *     every scheme named is defined), {@code security-scopes-defined}.
 * <li>{@code path-parameters-defined}, {@code operation-parameters-unique}, {@code path-declaration-must-exist},
 *     {@code path-not-include-query}, {@code no-identical-paths}, {@code no-ambiguous-paths},
 *     {@code no-path-trailing-slash}.
 * <li>{@code no-unused-components}, {@code spec-components-invalid-map-name}, {@code spec-ref-siblings}.
 * <li>{@code no-enum-type-mismatch}, {@code no-duplicated-enum-values}, {@code no-schema-type-mismatch},
 *     {@code no-required-schema-properties-undefined}, {@code no-mixed-number-range-constraints}.
 * <li>{@code no-invalid-media-type-examples}, {@code no-invalid-parameter-examples},
 *     {@code no-invalid-schema-examples}, in part: an example must have its schema's type, enum value,
 *     lengths, pattern and range, through properties and items (not every JSON Schema keyword);
 *     {@code no-example-value-and-externalValue}.
 * <li>{@code no-unsafe-markdown}: no script, event handler or javascript: link in a description.
 * </ul>
 * Not here: {@code nullable-type-sibling} (OpenAPI 3.0's {@code nullable}; 3.1 has none),
 * {@code spec-discriminator-defaultMapping} (3.2) and the Arazzo rules of the ruleset.
 */
class OpenApiLintTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    /** Redocly's characters for a component's name. */
    private static final Pattern COMPONENT_NAME = Pattern.compile("[a-zA-Z0-9.\\-_]+");
    /** Redocly's URL-safe characters for an operationId. */
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]*");
    private static final Pattern PATH_TEMPLATE = Pattern.compile("\\{([^}]*)}");
    /** Redocly's placeholder servers: example.com or localhost. */
    private static final Pattern PLACEHOLDER_HOST = Pattern.compile("(.*[/.])?(example\\.com|localhost)([/:?].*|$)");
    /** Redocly's unsafe markdown: a script tag, an event handler attribute, a javascript: link. */
    private static final List<Pattern> UNSAFE_MARKDOWN = List.of(Pattern.compile("(?i)<script\\b"),
            Pattern.compile("(?i)<[a-z][^>]*\\bon[a-z]+\\s*="),
            Pattern.compile("(?i)(?:]\\(\\s*|\\b(?:href|src)\\s*=\\s*[\"']?\\s*)javascript:"));
    /** Keywords whose value is one subschema, a list of them, or a map of them. */
    private static final Set<String> SUBSCHEMA = Set.of("items", "not", "additionalProperties", "contains", "if", "then",
            "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema");
    private static final Set<String> SUBSCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SUBSCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs",
            "dependentSchemas");

    /** What swagger-parser said while reading the document. */
    private static List<String> parserMessages;
    /** The document as swagger-parser models it. */
    private static OpenAPI openApi;
    /** The same document as JSON, for the rules about every node of a kind wherever it stands. */
    private static JsonNode document;

    @BeforeAll
    static void fetchTheServedDocument() {
        Response response = server.client().get("/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
        var options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(response.body(), null, options);
        parserMessages = result.getMessages();
        openApi = result.getOpenAPI();
        assertThat(openApi).as("swagger-parser's model: " + parserMessages).isNotNull();
    }

    @Test
    void swagger_parser_reads_the_document_without_a_message() {
        assertThat(parserMessages).as("struct").isEmpty();
    }

    @Test
    void every_local_reference_points_at_something() {
        var problems = new ArrayList<String>();
        forEachNode(document, "#", (where, node) -> {
            String ref = node.path("$ref").asText(null);
            if (ref != null && ref.startsWith("#") && document.at(ref.substring(1)).isMissingNode()) {
                problems.add(where + ": $ref " + ref + " points at nothing");
            }
        });
        assertThat(problems).as("no-unresolved-refs").isEmpty();
    }

    @Test
    void the_api_has_a_license_with_an_identifier_or_a_url() {
        var license = openApi.getInfo().getLicense();

        assertThat(license).as("info-license").isNotNull();
        assertThat(license.getName()).as("info-license: its name").isNotBlank();
        assertThat(Objects.requireNonNullElse(license.getIdentifier(), "")
                + Objects.requireNonNullElse(license.getUrl(), "")).as("info-license-strict").isNotBlank();
    }

    @Test
    void servers_are_listed_and_none_is_a_placeholder_or_ends_in_a_slash() {
        var servers = openApi.getServers();
        assertThat(servers).as("no-empty-servers").isNotEmpty();

        var problems = new ArrayList<String>();
        for (var server : servers) {
            String url = server.getUrl();
            if (url == null || url.isBlank()) {
                problems.add("a server without a url");
                continue;
            }
            if (PLACEHOLDER_HOST.matcher(url).matches()) {
                problems.add(url + ": example.com or localhost (no-server-example.com)");
            }
            if (url.endsWith("/") && !url.equals("/")) problems.add(url + ": trailing slash (no-server-trailing-slash)");
            var variables = server.getVariables() == null ? Map.<String, Object>of() : server.getVariables();
            PATH_TEMPLATE.matcher(url).results().map(match -> match.group(1)).filter(name -> !variables.containsKey(name))
                    .forEach(name -> problems.add(url + ": {" + name + "} undefined (no-undefined-server-variable)"));
            if (server.getVariables() != null) {
                server.getVariables().forEach((name, variable) -> {
                    if (variable.getEnum() != null && variable.getEnum().isEmpty()) {
                        problems.add(url + ": variable " + name + " has an empty enum (no-server-variables-empty-enum)");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_operation_has_a_unique_url_safe_operation_id_and_a_summary() {
        var problems = new ArrayList<String>();
        var operationsById = new HashMap<String, String>();
        forEachOperation((name, operation) -> {
            String id = operation.getOperationId();
            if (id == null || id.isBlank()) {
                problems.add(name + ": no operationId (operation-operationId)");
            } else {
                String other = operationsById.putIfAbsent(id, name);
                if (other != null) {
                    problems.add(name + ": operationId " + id + " is also " + other + "'s (operation-operationId-unique)");
                }
                if (!URL_SAFE.matcher(id).matches()) {
                    problems.add(name + ": operationId " + id + " is not URL-safe (operation-operationId-url-safe)");
                }
            }
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                problems.add(name + ": no summary (operation-summary)");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void every_operation_documents_a_success_and_a_client_error() {
        var problems = new ArrayList<String>();
        forEachOperation((name, operation) -> {
            var statuses = operation.getResponses() == null ? Set.<String>of() : operation.getResponses().keySet();
            if (statuses.stream().noneMatch(status -> status.matches("2[0-9Xx]{2}") || status.equals("default"))) {
                problems.add(name + ": no 2XX response (operation-2xx-response)");
            }
            if (statuses.stream().noneMatch(status -> status.matches("4[0-9Xx]{2}"))) {
                problems.add(name + ": no 4XX response (operation-4xx-response)");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void every_tag_used_is_declared_once_with_a_description() {
        var problems = new ArrayList<String>();
        var declared = new HashSet<String>();
        for (var tag : openApi.getTags() == null ? List.<Tag>of() : openApi.getTags()) {
            if (!declared.add(tag.getName())) {
                problems.add("tag " + tag.getName() + " is declared twice (no-duplicated-tag-names)");
            }
            if (tag.getDescription() == null || tag.getDescription().isBlank()) {
                problems.add("tag " + tag.getName() + " has no description (tag-description)");
            }
        }
        forEachOperation((name, operation) -> {
            var tags = operation.getTags() == null ? List.<String>of() : operation.getTags();
            if (tags.isEmpty()) problems.add(name + ": no tag (operation-tag-defined)");
            tags.stream().filter(tag -> !declared.contains(tag))
                    .forEach(tag -> problems.add(name + ": tag " + tag + " is not declared (operation-tag-defined)"));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void every_operation_states_its_security_with_schemes_and_scopes_that_exist() {
        var problems = new ArrayList<String>();
        Map<String, SecurityScheme> schemes = openApi.getComponents().getSecuritySchemes() == null ? Map.of()
                : openApi.getComponents().getSecuritySchemes();
        var requirements = new ArrayList<SecurityRequirement>();
        if (openApi.getSecurity() != null) requirements.addAll(openApi.getSecurity());
        forEachOperation((name, operation) -> {
            if (operation.getSecurity() != null) requirements.addAll(operation.getSecurity());
            else if (openApi.getSecurity() == null) problems.add(name + ": no security, nor at the root (security-defined)");
        });
        for (var requirement : requirements) {
            requirement.forEach((schemeName, scopes) -> {
                SecurityScheme scheme = schemes.get(schemeName);
                if (scheme == null) {
                    problems.add("security scheme " + schemeName + " is not defined (security-defined)");
                    return;
                }
                if (scheme.getType() != SecurityScheme.Type.OAUTH2) return;
                var defined = new HashSet<String>();
                var flows = scheme.getFlows();
                for (var flow : flows == null ? List.<OAuthFlow>of()
                        : Stream.of(flows.getImplicit(), flows.getPassword(), flows.getClientCredentials(),
                                flows.getAuthorizationCode()).filter(Objects::nonNull).toList()) {
                    if (flow.getScopes() != null) defined.addAll(flow.getScopes().keySet());
                }
                scopes.stream().filter(scope -> !defined.contains(scope)).forEach(scope ->
                        problems.add(schemeName + ": scope " + scope + " is not defined (security-scopes-defined)"));
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void path_parameters_match_the_path_and_no_parameter_is_given_twice() {
        var problems = new ArrayList<String>();
        openApi.getPaths().forEach((path, item) -> {
            var inTemplate = new HashSet<String>();
            PATH_TEMPLATE.matcher(path).results().forEach(match -> inTemplate.add(match.group(1)));
            if (inTemplate.contains("")) problems.add(path + ": an empty {} (path-declaration-must-exist)");
            var pathLevel = resolved(item.getParameters());
            problems.addAll(repeated(path, pathLevel));
            item.readOperationsMap().forEach((method, operation) -> {
                String name = method + " " + path;
                var own = resolved(operation.getParameters());
                problems.addAll(repeated(name, own));
                var declared = new HashSet<String>();
                for (var parameter : concat(pathLevel, own)) {
                    if (!"path".equals(parameter.getIn())) continue;
                    declared.add(parameter.getName());
                    if (!inTemplate.contains(parameter.getName())) {
                        problems.add(name + ": path parameter " + parameter.getName()
                                + " is not in the path (path-parameters-defined)");
                    }
                }
                for (String variable : inTemplate) {
                    if (!variable.isEmpty() && !declared.contains(variable)) {
                        problems.add(name + ": {" + variable + "} is not declared (path-parameters-defined)");
                    }
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void no_two_paths_could_match_one_address_and_none_ends_in_a_slash_or_has_a_query() {
        var problems = new ArrayList<String>();
        var paths = new ArrayList<>(openApi.getPaths().keySet());
        var byShape = new HashMap<String, String>();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (path.endsWith("/") && !path.equals("/")) problems.add(path + ": trailing slash (no-path-trailing-slash)");
            if (path.contains("?")) problems.add(path + ": a query in the path (path-not-include-query)");
            String other = byShape.putIfAbsent(path.replaceAll("\\{.+?}", "{}"), path);
            if (other != null) problems.add(path + " and " + other + " differ only in parameter names (no-identical-paths)");
            for (String earlier : paths.subList(0, i)) {
                if (ambiguous(earlier, path)) problems.add(earlier + " and " + path + " are ambiguous (no-ambiguous-paths)");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_component_is_used_and_named_with_safe_characters() {
        var problems = new ArrayList<String>();
        var referenced = new HashSet<String>();
        forEachNode(document, "#", (where, node) -> {
            if (node.path("$ref").isTextual()) referenced.add(node.path("$ref").asText());
        });
        var schemesInUse = new HashSet<String>();
        if (openApi.getSecurity() != null) openApi.getSecurity().forEach(r -> schemesInUse.addAll(r.keySet()));
        forEachOperation((name, operation) -> {
            if (operation.getSecurity() != null) operation.getSecurity().forEach(r -> schemesInUse.addAll(r.keySet()));
        });

        document.path("components").properties().forEach(section -> section.getValue().properties().forEach(component -> {
            String kind = section.getKey();
            String name = component.getKey();
            if (!COMPONENT_NAME.matcher(name).matches()) {
                problems.add(kind + " " + name + ": not a valid name (spec-components-invalid-map-name)");
            }
            boolean used = kind.equals("securitySchemes") ? schemesInUse.contains(name)
                    : referenced.contains("#/components/" + kind + "/" + name.replace("~", "~0").replace("/", "~1"));
            if (!used) problems.add(kind + " " + name + " is never used (no-unused-components)");
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void references_carry_no_other_keyword_than_summary_and_description() {
        var schemas = schemas();
        var problems = new ArrayList<String>();
        forEachNode(document, "#", (where, node) -> {
            if (!node.has("$ref") || schemas.containsKey(node)) return; // a 3.1 schema may have siblings
            node.fieldNames().forEachRemaining(field -> {
                if (!Set.of("$ref", "summary", "description").contains(field)) {
                    problems.add(where + ": " + field + " beside $ref (spec-ref-siblings)");
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void every_schema_is_consistent_in_itself() {
        var problems = new ArrayList<String>();
        schemas().forEach((schema, found) -> {
            String where = found.where();
            JsonNode type = schema.path("type");
            JsonNode values = schema.path("enum");
            if (values.isArray()) {
                var seen = new HashSet<JsonNode>();
                for (JsonNode value : values) {
                    if (!seen.add(value)) {
                        problems.add(where + ": enum value " + value + " twice (no-duplicated-enum-values)");
                    }
                    if (!type.isMissingNode() && !hasType(value, type)) {
                        problems.add(where + ": enum value " + value + " not of type " + type + " (no-enum-type-mismatch)");
                    }
                }
            }
            if (type.asText().equals("object") && schema.has("items")) {
                problems.add(where + ": an object with items (no-schema-type-mismatch)");
            }
            if (type.asText().equals("array") && schema.has("properties")) {
                problems.add(where + ": an array with properties (no-schema-type-mismatch)");
            }
            for (JsonNode required : schema.path("required")) {
                // A part of an allOf may require what another part defines.
                if (!hasProperty(schema, required.asText(), new HashSet<>())
                        && (found.partOf() == null || !hasProperty(found.partOf(), required.asText(), new HashSet<>()))) {
                    problems.add(where + ": required " + required
                            + " is not a property (no-required-schema-properties-undefined)");
                }
            }
            if (schema.path("minimum").isNumber() && schema.path("exclusiveMinimum").isNumber()) {
                problems.add(where + ": minimum and exclusiveMinimum (no-mixed-number-range-constraints)");
            }
            if (schema.path("maximum").isNumber() && schema.path("exclusiveMaximum").isNumber()) {
                problems.add(where + ": maximum and exclusiveMaximum (no-mixed-number-range-constraints)");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void every_example_fits_its_schema() {
        var problems = new ArrayList<String>();
        // Examples in schemas (3.1's examples array; example, deprecated, still counts).
        schemas().forEach((schema, found) -> {
            String where = found.where();
            for (JsonNode example : schema.path("examples")) {
                problems.addAll(misfits(where + " example " + example, example, schema));
            }
            if (schema.has("example")) problems.addAll(misfits(where + " example", schema.path("example"), schema));
        });
        // Examples of parameters, headers and media types: beside their schema.
        forEachNode(document, "#", (where, node) -> {
            JsonNode schema = node.path("schema");
            if (!schema.isObject()) return;
            if (node.has("example")) problems.addAll(misfits(where + " example", node.path("example"), schema));
            node.path("examples").properties().forEach(named -> {
                JsonNode example = resolve(named.getValue());
                if (example.has("value") && example.has("externalValue")) {
                    problems.add(where + " example " + named.getKey()
                            + ": value and externalValue (no-example-value-and-externalValue)");
                }
                if (example.has("value")) {
                    problems.addAll(misfits(where + " example " + named.getKey(), example.path("value"), schema));
                }
            });
        });
        assertThat(problems).as("no-invalid-media-type-examples, no-invalid-parameter-examples, no-invalid-schema-examples")
                .isEmpty();
    }

    @Test
    void no_description_holds_a_script_an_event_handler_or_a_javascript_link() {
        var problems = new ArrayList<String>();
        forEachNode(document, "#", (where, node) -> {
            String description = node.path("description").isTextual() ? node.path("description").asText() : null;
            if (description == null) return;
            if (UNSAFE_MARKDOWN.stream().anyMatch(unsafe -> unsafe.matcher(description).find())) {
                problems.add(where + ": unsafe markdown (no-unsafe-markdown)");
            }
        });
        assertThat(problems).isEmpty();
    }

    // --- the operations, through swagger-parser's model ------------------------------------------------

    private static void forEachOperation(BiConsumer<String, Operation> action) {
        openApi.getPaths().forEach((path, item) ->
                item.readOperationsMap().forEach((method, operation) -> action.accept(method + " " + path, operation)));
    }

    /** The parameters with each {@code #/components/parameters/...} reference replaced by what it names. */
    private static List<Parameter> resolved(List<Parameter> parameters) {
        if (parameters == null) return List.of();
        return parameters.stream().map(parameter -> {
            String ref = parameter.get$ref();
            if (ref == null) return parameter;
            var named = openApi.getComponents().getParameters().get(ref.substring(ref.lastIndexOf('/') + 1));
            assertThat(named).as(ref).isNotNull();
            return named;
        }).toList();
    }

    /** Each parameter given twice (the same name and location) in one list (operation-parameters-unique). */
    private static List<String> repeated(String where, List<Parameter> parameters) {
        var seen = new HashSet<String>();
        return parameters.stream().map(p -> p.getIn() + " parameter " + p.getName()).filter(key -> !seen.add(key))
                .map(key -> where + ": " + key + " twice (operation-parameters-unique)").toList();
    }

    private static List<Parameter> concat(List<Parameter> first, List<Parameter> second) {
        var all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Redocly's test: as many segments, the same wherever neither is a variable, as many variables. */
    private static boolean ambiguous(String a, String b) {
        String[] first = a.split("/", -1);
        String[] second = b.split("/", -1);
        if (first.length != second.length) return false;
        int firstVariables = 0;
        int secondVariables = 0;
        for (int i = 0; i < first.length; i++) {
            boolean firstIsVariable = first[i].matches("\\{.+?}");
            boolean secondIsVariable = second[i].matches("\\{.+?}");
            if (firstIsVariable) firstVariables++;
            if (secondIsVariable) secondVariables++;
            if (!firstIsVariable && !secondIsVariable && !first[i].equals(second[i])) return false;
        }
        return firstVariables == secondVariables;
    }

    // --- every node of a kind, through the JSON --------------------------------------------------------

    /** Every object in the tree, with its JSON pointer (e.g. {@code #/paths/~1api~1notes/get}). */
    private static void forEachNode(JsonNode node, String where, BiConsumer<String, JsonNode> action) {
        if (node.isObject()) {
            action.accept(where, node);
            node.properties().forEach(entry -> forEachNode(entry.getValue(),
                    where + "/" + entry.getKey().replace("~", "~0").replace("/", "~1"), action));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) forEachNode(node.get(i), where + "/" + i, action);
        }
    }

    /** Where a schema stands; a part of an allOf, anyOf or oneOf also knows the schema it helps make. */
    private record Found(String where, JsonNode partOf) {}

    /**
     * Every schema of the document: the named ones, each {@code schema} of a parameter, header or media
     * type, and their subschemas.
     */
    private static Map<JsonNode, Found> schemas() {
        Map<JsonNode, Found> found = new IdentityHashMap<>();
        document.path("components").path("schemas").properties()
                .forEach(named -> addSchema(named.getValue(), "#/components/schemas/" + named.getKey(), null, found));
        forEachNode(document, "#", (where, node) -> addSchema(node.path("schema"), where + "/schema", null, found));
        return Collections.unmodifiableMap(found);
    }

    private static void addSchema(JsonNode schema, String where, JsonNode partOf, Map<JsonNode, Found> found) {
        if (!schema.isObject() || found.containsKey(schema)) return;
        found.put(schema, new Found(where, partOf));
        schema.properties().forEach(entry -> {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            if (SUBSCHEMA.contains(keyword)) addSchema(value, where + "/" + keyword, null, found);
            if (SUBSCHEMA_LISTS.contains(keyword)) {
                JsonNode whole = keyword.equals("prefixItems") ? null : partOf == null ? schema : partOf;
                for (int i = 0; i < value.size(); i++) {
                    addSchema(value.get(i), where + "/" + keyword + "/" + i, whole, found);
                }
            }
            if (SUBSCHEMA_MAPS.contains(keyword)) {
                value.properties().forEach(sub ->
                        addSchema(sub.getValue(), where + "/" + keyword + "/" + sub.getKey(), null, found));
            }
        });
    }

    /** What a local {@code $ref} names, or the node itself. */
    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        return ref == null || !ref.startsWith("#") ? node : resolve(document.at(ref.substring(1)));
    }

    /** Whether the schema, or one it is composed of (allOf, anyOf, oneOf), has the property. */
    private static boolean hasProperty(JsonNode schema, String property, Set<JsonNode> visited) {
        JsonNode resolved = resolve(schema);
        if (!visited.add(resolved)) return false;
        if (resolved.path("properties").has(property)) return true;
        for (String composition : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode part : resolved.path(composition)) {
                if (hasProperty(part, property, visited)) return true;
            }
        }
        return false;
    }

    /** Whether a JSON value is of a JSON Schema type, or of one of a list of types. */
    private static boolean hasType(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) if (hasType(value, one)) return true;
            return false;
        }
        return switch (type.asText()) {
            case "string" -> value.isTextual();
            case "integer" -> value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> false;
        };
    }

    /**
     * Where an example breaks its schema: its type, const and enum, a string's lengths and pattern, a number's
     * range, an object's required properties, and so on through properties, items and allOf.
     */
    private static List<String> misfits(String where, JsonNode example, JsonNode schemaOrRef) {
        JsonNode schema = resolve(schemaOrRef);
        var problems = new ArrayList<String>();
        if (schema.has("type") && !hasType(example, schema.path("type"))) {
            problems.add(where + ": " + example + " is not of type " + schema.path("type"));
            return problems;
        }
        if (schema.has("const") && !schema.path("const").equals(example)) {
            problems.add(where + ": " + example + " is not " + schema.path("const"));
        }
        if (schema.path("enum").isArray() && !contains(schema.path("enum"), example)) {
            problems.add(where + ": " + example + " is not one of " + schema.path("enum"));
        }
        if (example.isTextual()) {
            int length = example.asText().codePointCount(0, example.asText().length());
            if (length < schema.path("minLength").asInt(0)) problems.add(where + ": shorter than minLength");
            if (length > schema.path("maxLength").asInt(Integer.MAX_VALUE)) problems.add(where + ": longer than maxLength");
            var pattern = Pattern.compile(schema.path("pattern").asText(""));
            if (schema.has("pattern") && !pattern.matcher(example.asText()).find()) {
                problems.add(where + ": does not match " + schema.path("pattern").asText());
            }
        }
        if (example.isNumber()) {
            var value = example.decimalValue();
            JsonNode minimum = schema.path("minimum");
            JsonNode maximum = schema.path("maximum");
            if (minimum.isNumber() && value.compareTo(minimum.decimalValue()) < 0) problems.add(where + ": below minimum");
            if (maximum.isNumber() && value.compareTo(maximum.decimalValue()) > 0) problems.add(where + ": above maximum");
        }
        if (example.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!example.has(required.asText())) problems.add(where + ": no required " + required);
            }
            schema.path("properties").properties().forEach(property -> {
                if (example.has(property.getKey())) {
                    String name = property.getKey();
                    problems.addAll(misfits(where + "." + name, example.path(name), property.getValue()));
                }
            });
        }
        if (example.isArray() && schema.has("items")) {
            for (int i = 0; i < example.size(); i++) {
                problems.addAll(misfits(where + "[" + i + "]", example.get(i), schema.path("items")));
            }
        }
        for (JsonNode part : schema.path("allOf")) problems.addAll(misfits(where, example, part));
        return problems;
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) if (candidate.equals(value)) return true;
        return false;
    }
}
