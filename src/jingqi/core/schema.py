"""The OpenAPI schema's shared part: the error answers every operation can give, documented once.

``AutoSchema`` is the project's default schema class (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``), so
every API view of every app, now and later, documents the same 400/403/404/415/422/429 bodies without
repeating them per operation.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

ERROR_BODIES = {
    # {"detail": "..."}: refusals, missing objects, throttling, and actions refused as a whole.
    "Error": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    # A serializer's errors: each field with its messages (nested for nested fields), or ``detail``.
    "ValidationError": {
        "type": "object",
        "description": "Each field's name with a list of its messages (an object for nested fields), "
                       "or `detail` with one message for the whole request.",
        "additionalProperties": {},
    },
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, (body, description) in self._error_responses().items():
            if code not in responses:
                component = ResolvedComponent(name=body, type=ResolvedComponent.SCHEMA, object=body,
                                              schema=ERROR_BODIES[body])
                self.registry.register_on_missing(component)
                responses[code] = {"content": {"application/json": {"schema": component.ref}},
                                   "description": description}
        return responses

    def _error_responses(self) -> dict:
        method = self.method.upper()
        public = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        errors = {}
        takes_body = method in ("POST", "PUT", "PATCH")
        if takes_body or self._is_list_view():
            errors["400"] = ("ValidationError", "The input was refused: each field's messages, or `detail`.")
        if not public:
            errors["403"] = ("Error", "Not signed in, or not allowed to do this.")
        if "{" in self.path:
            errors["404"] = ("Error", "No such object, or none the caller may see (the two look the same).")
        if method == "POST" and getattr(self.view, "action", None) == "create" and hasattr(self.view, "request_hash"):
            errors["422"] = ("Error", "The Idempotency-Key was already used for a different request.")
        if takes_body:
            errors["415"] = ("Error", "The body's media type is not one the operation reads.")
        errors["429"] = ("Error", "Too many requests: try again after `Retry-After` seconds.")
        return errors
