package carafe.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * A feature's fragment of the API document ({@code openapi/*.json}, decision 0024) adds its paths, tags
 * and components to {@code openapi.json}, and never replaces what is there.
 */
class ApiDocsFragmentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode document() {
        return object("""
                {"openapi": "3.1.0", "info": {"title": "Carafe API"},
                 "tags": [{"name": "notes"}],
                 "paths": {"/api/notes": {"get": {"operationId": "listNotes"}}},
                 "components": {"schemas": {"Note": {"type": "object"}}, "parameters": {}}}
                """);
    }

    @Test
    void a_fragment_adds_its_paths_tags_and_components() {
        var document = document();

        ApiDocs.merge(document, "openapi/projects.json", object("""
                {"tags": [{"name": "projects"}],
                 "paths": {"/api/projects": {"get": {"operationId": "listProjects"}}},
                 "components": {"schemas": {"Project": {"type": "object"}},
                                "parameters": {"ProjectId": {"name": "id", "in": "path"}},
                                "headers": {"Link": {"schema": {"type": "string"}}}}}
                """));

        assertThat(document.path("paths").has("/api/notes")).isTrue();
        assertThat(document.path("paths").has("/api/projects")).isTrue();
        assertThat(document.path("components").path("schemas").has("Note")).isTrue();
        assertThat(document.path("components").path("schemas").has("Project")).isTrue();
        assertThat(document.path("components").path("parameters").has("ProjectId")).isTrue();
        assertThat(document.path("components").path("headers").has("Link")).isTrue();
        assertThat(document.path("tags").findValuesAsText("name")).containsExactly("notes", "projects");
    }

    @Test
    void a_fragment_may_not_describe_again_what_the_document_has() {
        assertThatThrownBy(() -> ApiDocs.merge(document(), "openapi/more-notes.json",
                object("{\"paths\": {\"/api/notes\": {}}}")))
                .hasMessage("openapi/more-notes.json: paths /api/notes is already described");
        assertThatThrownBy(() -> ApiDocs.merge(document(), "openapi/more-notes.json",
                object("{\"components\": {\"schemas\": {\"Note\": {}}}}")))
                .hasMessage("openapi/more-notes.json: components.schemas Note is already described");
        assertThatThrownBy(() -> ApiDocs.merge(document(), "openapi/more-notes.json",
                object("{\"tags\": [{\"name\": \"notes\"}]}")))
                .hasMessage("openapi/more-notes.json: tag notes is already described");
    }

    @Test
    void a_fragment_may_not_change_the_documents_info_or_security() {
        assertThatThrownBy(() -> ApiDocs.merge(document(), "openapi/rogue.json",
                object("{\"info\": {\"title\": \"Mine\"}}")))
                .hasMessageContaining("a fragment adds paths, tags and components only, not info");
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
