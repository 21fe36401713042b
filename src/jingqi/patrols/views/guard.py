"""Being written in this session: every view below is replaced by its real one."""

from django.http import Http404


def operation_list(request, *args, **kwargs):
    raise Http404


def operation_create(request, *args, **kwargs):
    raise Http404


def operation_detail(request, *args, **kwargs):
    raise Http404


def operation_edit(request, *args, **kwargs):
    raise Http404


def segment_edit(request, *args, **kwargs):
    raise Http404


def pool_edit(request, *args, **kwargs):
    raise Http404


def operation_solve(request, *args, **kwargs):
    raise Http404


def operation_progress(request, *args, **kwargs):
    raise Http404


def shift_add(request, *args, **kwargs):
    raise Http404


def coverage_report(request, *args, **kwargs):
    raise Http404


def coverage_pdf(request, *args, **kwargs):
    raise Http404


def operation_close(request, *args, **kwargs):
    raise Http404


def shift_edit(request, *args, **kwargs):
    raise Http404


def shift_remove(request, *args, **kwargs):
    raise Http404


def swap_decide(request, *args, **kwargs):
    raise Http404


