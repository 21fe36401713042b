"""API plumbing shared by every app: bounded pagination, ActionError → 400, Idempotency-Key."""

import hashlib
import json

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import idempotency
from .errors import ActionError, PermissionDenied
from .throttling import throttled_message


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def exception_handler(exc, context):
    if isinstance(exc, PermissionDenied):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ActionError):
        body = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, Throttled):
        exc.detail = throttled_message(exc.wait)  # DRF adds the Retry-After header
    return drf_exception_handler(exc, context)


def read_input(serializer_class, request, context, **kwargs) -> dict:
    """The request body checked by ``serializer_class`` (400 with field errors when it is wrong), as a dict: what
    an action hands to its service."""
    serializer = serializer_class(data=request.data, context=context, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class VersionRequiredMixin:
    """For a serializer of partial updates: the client must say which version it read, even in a PATCH."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("version") is None:
            raise ValidationError({"version": [_("Send the version you read, so that no change is lost.")]})
        return attrs


class IdempotentCreateMixin:
    """A POST with an ``Idempotency-Key`` header runs once; a repeat gets the first answer back.

    The same key with a different body is refused (422). The mechanism is ``core.idempotency``,
    shared with the Open311 POST; the key belongs to the signed-in user.
    """

    def create(self, request, *args, **kwargs):
        try:
            key = idempotency.key_from(request)
        except ActionError as exc:
            raise ValidationError({exc.field: [exc.message]})
        if not key:
            return super().create(request, *args, **kwargs)
        try:
            response, answer = idempotency.run_once(
                request.user, key, method=request.method, path=request.path, request_hash=self.request_hash(request),
                perform=lambda: super(IdempotentCreateMixin, self).create(request, *args, **kwargs),
                keep=self._answer_to_keep,
            )
        except idempotency.IdempotencyConflict as exc:
            return Response({"detail": exc.message}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        if answer is None:
            return response
        replayed = Response(json.loads(answer.body), status=answer.status_code)
        replayed["Idempotent-Replayed"] = "true"
        return replayed

    def request_hash(self, request) -> str:
        """What makes two requests "the same" for a key: the body and the content of every file sent with it
        (the same key with another file is another request)."""
        body = idempotency.hash_of(request.data)
        files = getattr(request, "FILES", None)
        if not files:
            return body
        digest = hashlib.sha256(body.encode())
        for name in sorted(files):
            for upload in files.getlist(name):
                digest.update(name.encode() + b"\0")
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()

    @staticmethod
    def _answer_to_keep(response):
        if response.status_code >= 300:
            return None
        return idempotency.Answer(response.status_code, json.dumps(response.data, default=str), "application/json")
