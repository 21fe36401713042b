"""The cases pages (mounted at /cases/). Each views module declares its own routes: cases.py (enterprise-related
cases, their victims, recoveries and figures), outreach.py (talks and campaigns with their attendance),
checks.py (pre-employment background checks)."""

from .views import cases, checks, outreach

app_name = "cases"

urlpatterns = [*cases.urlpatterns, *outreach.urlpatterns, *checks.urlpatterns]
