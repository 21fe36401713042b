"""Being written in this session: every view below is replaced by its real one."""

from django.http import Http404


def my_duty(request, *args, **kwargs):
    raise Http404


def my_availability(request, *args, **kwargs):
    raise Http404


def shift_confirm(request, *args, **kwargs):
    raise Http404


def shift_check_in(request, *args, **kwargs):
    raise Http404


def shift_check_out(request, *args, **kwargs):
    raise Http404


def shift_finding(request, *args, **kwargs):
    raise Http404


def swap_ask(request, *args, **kwargs):
    raise Http404


def swap_action(request, *args, **kwargs):
    raise Http404


