from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from . import serializers as s


def _figure(f: selectors.FigureValue) -> dict:
    d = f.definition
    value = f.value
    return {"key": d.key, "label": str(d.label), "kind": d.kind, "unit": str(d.unit),
            "explanation": str(d.explanation), "value": None if value is None else float(value),
            "numerator": f.numerator, "denominator": f.denominator, "records": f.facts, "sample": f.sample,
            "enough": f.enough, "median": f.shown_median,
            "published": {"value": d.published, "by": str(d.published_by)} if d.published else None}


class FiguresView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="figures_list", parameters=[s.FiguresQuerySerializer], responses={
        200: s.FigureReportSerializer,
        400: OpenApiResponse(OpenApiTypes.OBJECT, description="A date, or a station, office, park or department "
                                                              "not understood or not one of the caller's.")})
    def get(self, request):
        """Every figure the published models report, computed from the records, over what the caller may see
        (narrowed to a station, office, park or department) in a period: each with its numerator, denominator and
        sample. The city/county viewer receives these sums and nothing that names a record or a person."""
        query = s.FiguresQuerySerializer(data=request.query_params,
                                         context={"choices": selectors.scope_choices(request.user)})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        scope = selectors.Scope(**{k: data.get(k) for k in ("station", "office", "park", "department")})
        figures = selectors.figures_for(request.user, start=data["start"], end=data["end"], scope=scope)
        state = selectors.last_refresh()
        return Response({"start": data["start"], "end": data["end"], "scope": vars(scope),
                         "refreshed_at": state.refreshed_at if state else None,
                         "min_sample": settings.STATS_MIN_SAMPLE, "figures": [_figure(f) for f in figures]})
