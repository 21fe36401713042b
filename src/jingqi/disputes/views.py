from django.http import HttpResponse


def dispute_detail(request, pk):  # replaced by the pages being built
    return HttpResponse(status=404)
