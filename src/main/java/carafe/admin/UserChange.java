package carafe.admin;

import java.util.List;

/** {@code PATCH /api/admin/users/{id}}: what to change; a field left out stays as it is. */
public record UserChange(List<String> roles, Boolean active) {}
