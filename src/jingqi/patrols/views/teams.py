"""Being written in this session: every view below is replaced by its real one."""

from django.http import Http404


def overview(request, *args, **kwargs):
    raise Http404


def team_list(request, *args, **kwargs):
    raise Http404


def team_create(request, *args, **kwargs):
    raise Http404


def team_detail(request, *args, **kwargs):
    raise Http404


def team_edit(request, *args, **kwargs):
    raise Http404


def volunteer_enrol(request, *args, **kwargs):
    raise Http404


def volunteer_list(request, *args, **kwargs):
    raise Http404


def volunteer_detail(request, *args, **kwargs):
    raise Http404


def volunteer_edit(request, *args, **kwargs):
    raise Http404


def availability_edit(request, *args, **kwargs):
    raise Http404


def recognition_add(request, *args, **kwargs):
    raise Http404


def volunteer_action(request, *args, **kwargs):
    raise Http404


def certificate_download(request, *args, **kwargs):
    raise Http404


