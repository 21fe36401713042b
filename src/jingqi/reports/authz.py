"""Risk report pages for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route

from .models import ReportRun, RiskReport

HTML_ROUTES = [
    Route("reports:report_detail", RiskReport),
    Route("reports:report_acknowledge", RiskReport, ("post",), write_scope="acknowledge"),
    Route("reports:report_pdf", RiskReport),
    Route("reports:report_workbook", RiskReport),
    Route("reports:run_progress", ReportRun),
]
