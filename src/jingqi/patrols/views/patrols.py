"""Being written in this session: every view below is replaced by its real one."""

from django.http import Http404


def patrol_calendar(request, *args, **kwargs):
    raise Http404


def patrol_plan(request, *args, **kwargs):
    raise Http404


def patrol_detail(request, *args, **kwargs):
    raise Http404


def patrol_edit(request, *args, **kwargs):
    raise Http404


def patrol_check_in(request, *args, **kwargs):
    raise Http404


def patrol_finding(request, *args, **kwargs):
    raise Http404


def patrol_action(request, *args, **kwargs):
    raise Http404


def finding_list(request, *args, **kwargs):
    raise Http404


def finding_detail(request, *args, **kwargs):
    raise Http404


def finding_open(request, *args, **kwargs):
    raise Http404


def finding_photo(request, *args, **kwargs):
    raise Http404


