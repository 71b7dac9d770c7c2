package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carafe.support.CarafeServer;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routes are private by default (SPEC §10): a route without an access rule stops start-up, by name. */
class AccessRuleTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void a_route_registered_without_an_access_rule_stops_start_up_naming_it() {
        assertThatThrownBy(() -> Javalin.create(config -> {
            AccessControl.requireRuleOnEveryRoute(config);
            config.routes.get("/reports/{id}", ctx -> ctx.result("secret"));
        })).isInstanceOf(AccessControl.MissingAccessRule.class)
                .hasMessageContaining("GET /reports/{id} has no access rule")
                .hasMessageContaining("Access.ANYONE");
    }

    @Test
    void a_route_with_two_access_rules_is_refused_too() {
        assertThatThrownBy(() -> Javalin.create(config -> {
            AccessControl.requireRuleOnEveryRoute(config);
            config.routes.post("/reports", ctx -> {}, Access.USER, Access.ADMIN);
        })).isInstanceOf(AccessControl.MissingAccessRule.class)
                .hasMessageContaining("POST /reports has 2 access rules");
    }

    @Test
    void routes_with_one_rule_each_start_and_answer() {
        var app = Javalin.create(config -> {
            AccessControl.requireRuleOnEveryRoute(config);
            config.routes.get("/open", ctx -> ctx.result("open"), Access.ANYONE);
            config.routes.before(ctx -> {}); // filters are not routes and need no rule
        });
        assertThat(app).isNotNull();
    }

    @Test
    void every_route_of_carafe_has_a_rule_and_the_server_started() {
        assertThat(server.app().routes()).contains("GET /api/notes", "GET /static/{file}");
        assertThat(server.client().get("/health/live").status()).isEqualTo(200);
    }
}
