"""API plumbing shared by every app: bounded pagination, ActionError → 400, Idempotency-Key."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ActionError, PermissionDenied
from .models import IdempotencyRecord


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
    return drf_exception_handler(exc, context)


class IdempotentCreateMixin:
    """A POST with an ``Idempotency-Key`` header runs once; a repeat gets the first answer back.

    The same key with a different body is refused (422). Two racing requests with one key: the
    unique constraint lets one commit, and the other answers with its result.
    """

    idempotency_header = "HTTP_IDEMPOTENCY_KEY"

    def create(self, request, *args, **kwargs):
        key = request.META.get(self.idempotency_header, "").strip()
        if not key:
            return super().create(request, *args, **kwargs)
        if len(key) > 255:
            raise ValidationError({"Idempotency-Key": [_("The Idempotency-Key may be at most 255 characters.")]})
        body_hash = self.request_hash(request)
        previous = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if previous is not None:
            return self._replay(previous, body_hash, request)
        try:
            with transaction.atomic():
                response = super().create(request, *args, **kwargs)
                if response.status_code < 300:
                    IdempotencyRecord.objects.create(
                        user=request.user, key=key, method=request.method, path=request.path[:500],
                        request_hash=body_hash, status_code=response.status_code,
                        response_body=json.dumps(response.data, default=str),
                        content_type="application/json",
                    )
        except IntegrityError:
            # Another request with the same key committed first: answer as it did.
            previous = IdempotencyRecord.objects.get(user=request.user, key=key)
            return self._replay(previous, body_hash, request)
        return response

    def request_hash(self, request) -> str:
        """What makes two requests "the same" for a key: the body (views taking files add their content)."""
        return hashlib.sha256(json.dumps(request.data, sort_keys=True, default=str).encode()).hexdigest()

    def _replay(self, record, body_hash, request):
        if record.request_hash != body_hash or record.path != request.path[:500]:
            return Response(
                {"detail": _("This Idempotency-Key was already used for a different request.")},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        response = Response(json.loads(record.response_body), status=record.status_code)
        response["Idempotent-Replayed"] = "true"
        return response

